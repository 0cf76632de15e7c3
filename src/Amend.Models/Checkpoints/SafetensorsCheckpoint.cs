using Amend.Tensors;

namespace Amend.Models.Checkpoints;

/// <summary>
/// A safetensors checkpoint as one set of named tensors: a single file, or a model folder holding
/// <c>model.safetensors</c>, or shards listed by <c>model.safetensors.index.json</c>. Opening validates every
/// file's header (no tensor data is read); tensors are loaded one at a time with <see cref="Load"/>.
/// </summary>
public sealed class SafetensorsCheckpoint : IDisposable
{
    private readonly List<SafetensorsReader> _files;
    private readonly Dictionary<string, SafetensorsReader> _owner;

    private SafetensorsCheckpoint(string path, List<SafetensorsReader> files, Dictionary<string, SafetensorsReader> owner)
    {
        Path = path;
        _files = files;
        _owner = owner;
        Names = owner.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>The file or folder this checkpoint was opened from.</summary>
    public string Path { get; }

    /// <summary>Every tensor name, sorted ordinally.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The files the tensors come from (one, or each shard).</summary>
    public IReadOnlyList<SafetensorsReader> Files => _files;

    /// <summary>
    /// Opens a safetensors file, an index file, or a folder. In a folder the index wins over
    /// <c>model.safetensors</c>; a folder with one other <c>*.safetensors</c> file uses it.
    /// </summary>
    /// <exception cref="CheckpointFormatException">A file is malformed, a shard is missing or lacks a tensor its index assigns it,
    /// the folder holds several unindexed safetensors files, only PyTorch pickle files (the message shows how to convert), or nothing.</exception>
    /// <exception cref="FileNotFoundException">Nothing exists at <paramref name="path"/>.</exception>
    public static SafetensorsCheckpoint Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) return OpenFolder(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no checkpoint file or folder here", path);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return OpenIndex(path);
        if (PickleCheckpointDetector.IsPickleFile(path)) throw PickleCheckpointDetector.FileError(path);
        return OpenSingle(path, path);
    }

    /// <summary>True when the checkpoint has a tensor named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _owner.ContainsKey(name);

    /// <summary>The header entry of <paramref name="name"/>, or null.</summary>
    public SafetensorsTensorInfo? Find(string name) => _owner.TryGetValue(name, out var file) ? file.Header.Find(name) : null;

    /// <summary>The file that holds <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public string FileOf(string name) => Owner(name).Path;

    /// <summary>Loads one tensor (see <see cref="SafetensorsReader.Load"/> for dtypes).</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public Tensor Load(string name) => Owner(name).Load(name);

    /// <summary>Unmaps every file.</summary>
    public void Dispose()
    {
        foreach (var file in _files) file.Dispose();
    }

    private SafetensorsReader Owner(string name) =>
        _owner.TryGetValue(name, out var file) ? file : throw new KeyNotFoundException($"{Path}: no tensor named '{name}'");

    private static SafetensorsCheckpoint OpenFolder(string folder)
    {
        string index = System.IO.Path.Combine(folder, SafetensorsIndex.FileName);
        if (File.Exists(index)) return OpenIndex(index);
        string single = System.IO.Path.Combine(folder, "model.safetensors");
        if (File.Exists(single)) return OpenSingle(folder, single);
        var others = Directory.EnumerateFiles(folder, "*.safetensors").Order(StringComparer.Ordinal).ToArray();
        if (others.Length == 1) return OpenSingle(folder, others[0]);
        if (others.Length > 1)
        {
            string names = string.Join(", ", others.Select(System.IO.Path.GetFileName));
            throw new CheckpointFormatException(folder, $"several safetensors files ({names}) but no {SafetensorsIndex.FileName} saying which tensors each holds; open one file directly");
        }

        var pickles = PickleCheckpointDetector.FindIn(folder);
        if (pickles.Count > 0) throw PickleCheckpointDetector.FolderError(folder, pickles);
        throw new CheckpointFormatException(folder, $"no model weights here (expected model.safetensors or {SafetensorsIndex.FileName})");
    }

    private static SafetensorsCheckpoint OpenSingle(string path, string file)
    {
        var reader = SafetensorsReader.Open(file);
        var owner = reader.Header.Tensors.ToDictionary(t => t.Name, _ => reader, StringComparer.Ordinal);
        return new SafetensorsCheckpoint(path, [reader], owner);
    }

    // Tensors a shard holds but the index does not list are left out: loaders follow the index.
    private static SafetensorsCheckpoint OpenIndex(string indexPath)
    {
        var index = SafetensorsIndex.Read(indexPath);
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(indexPath))!;
        var readers = new Dictionary<string, SafetensorsReader>(StringComparer.Ordinal);
        try
        {
            foreach (var shard in index.ShardFiles)
            {
                string shardPath = System.IO.Path.Combine(folder, shard);
                if (!File.Exists(shardPath)) throw new CheckpointFormatException(indexPath, $"shard '{shard}' listed in the index is missing (incomplete download?)");
                readers[shard] = SafetensorsReader.Open(shardPath);
            }

            var owner = new Dictionary<string, SafetensorsReader>(StringComparer.Ordinal);
            foreach (var (name, shard) in index.WeightMap)
            {
                var reader = readers[shard];
                if (!reader.Contains(name)) throw new CheckpointFormatException(indexPath, $"the index puts '{name}' in '{shard}', which has no such tensor");
                owner[name] = reader;
            }

            return new SafetensorsCheckpoint(indexPath, readers.Values.ToList(), owner);
        }
        catch
        {
            foreach (var reader in readers.Values) reader.Dispose();
            throw;
        }
    }
}
