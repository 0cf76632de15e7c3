using System.Text;
using Amend.Models.Checkpoints;

namespace Amend.Editing.Methods.Kne;

/// <summary>
/// Shared knowledge ensembles on disk, one file per key (the key says what the ensemble depends on: a content hash of
/// the model, the attribution settings and the localisation data; <see cref="KneEditor"/> builds it). Files are
/// written through <see cref="AtomicFile"/>, so a reader sees a complete file or none; a file whose stored key differs
/// (a hash collision of the name) is recomputed and replaced.
/// </summary>
internal sealed class EnsembleCache(string? directory)
{
    private const string Magic = "AMKNE";
    private const int Version = 1;

    /// <summary>The cache folder.</summary>
    public string Directory { get; } = Path.GetFullPath(directory ?? DefaultDirectory);

    /// <summary>$AMEND_KNE_CACHE, else ~/.cache/amend/kne.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("AMEND_KNE_CACHE") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "amend", "kne");

    /// <summary>The stored ensemble of <paramref name="key"/> (and true), or the computed and stored one (and false).</summary>
    /// <exception cref="InvalidDataException">The cache file is corrupt; the message names it.</exception>
    public (KnowledgeEnsemble Ensemble, bool Cached) GetOrCompute(string key, Func<KnowledgeEnsemble> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        string path = Path.Combine(Directory, $"ensemble-{ShortHash.Of(key)}.amkne");
        if (File.Exists(path) && Read(path) is var (storedKey, stored) && storedKey == key) return (stored, true);
        var ensemble = compute();
        AtomicFile.Write(path, stream => Write(stream, key, ensemble));
        return (ensemble, false);
    }

    private static void Write(Stream stream, string key, KnowledgeEnsemble ensemble)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(key);
        writer.Write(ensemble.Threshold);
        writer.Write(ensemble.Attributed);
        writer.Write(ensemble.Layers.Count);
        foreach (var layer in ensemble.Layers)
        {
            writer.Write(layer.Layer);
            writer.Write(layer.Weight);
            writer.Write(layer.Positions.Length);
            foreach (int position in layer.Positions) writer.Write(position);
        }
    }

    private static (string Key, KnowledgeEnsemble Ensemble) Read(string path)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (reader.ReadString() != Magic || reader.ReadInt32() != Version) throw new InvalidDataException($"not a version-{Version} KNE ensemble file");
            string key = reader.ReadString();
            float threshold = reader.ReadSingle();
            long attributed = reader.ReadInt64();
            var layers = new EnsembleLayer[Count(reader, 9, "layers")];
            for (int i = 0; i < layers.Length; i++)
            {
                int layer = reader.ReadInt32();
                string weight = reader.ReadString();
                var positions = new int[Count(reader, 4, "positions")];
                for (int j = 0; j < positions.Length; j++) positions[j] = reader.ReadInt32();
                layers[i] = new EnsembleLayer(layer, weight, positions);
            }

            return (key, new KnowledgeEnsemble(threshold, attributed, layers));
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or InvalidDataException or OverflowException)
        {
            throw new InvalidDataException($"KNE ensemble cache file {path} is corrupt ({e.Message}); delete it to recompute", e);
        }
    }

    // A count read from the file, checked against the bytes left (each item takes at least itemBytes) before
    // anything is allocated for it: a damaged count must not ask for gigabytes.
    private static int Count(BinaryReader reader, int itemBytes, string what)
    {
        int count = reader.ReadInt32();
        long left = reader.BaseStream.Length - reader.BaseStream.Position;
        return count >= 0 && (long)count * itemBytes <= left ? count : throw new InvalidDataException($"it gives {count} {what}, but only {left} bytes follow");
    }
}
