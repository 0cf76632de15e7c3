using System.IO.Compression;
using Amend.Models.Architectures;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Statistics;

/// <summary>
/// Reads the statistics ROME, MEMIT and EasyEdit users already have on disk:
/// <c>DIR/&lt;model_name&gt;/&lt;dataset&gt;_stats/&lt;module&gt;_&lt;dtype&gt;_mom2_&lt;n&gt;.npz</c>, e.g.
/// <c>stats/gpt2-xl/wikipedia_stats/transformer.h.17.mlp.c_proj_float32_mom2_100000.npz</c>. Each .npz holds
/// <c>mom2.mom2</c> and <c>mom2.count</c>. Despite its name, <c>mom2.mom2</c> is the running SUM Σ k kᵀ
/// (runningstats.SecondMoment.state_dict saves its accumulator; <c>moment()</c> divides by the count on use), so
/// the second moment is mom2.mom2 / mom2.count. Statistics computed with a batch_tokens
/// below the model's positions (EasyEdit's "_t&lt;n&gt;" files) are not looked up.
/// </summary>
public sealed class EasyEditStatsDirectory : IKeyStatisticsSource
{
    /// <summary>Reads from <paramref name="directory"/> (EasyEdit's stats_dir) for the model called <paramref name="modelName"/> there.</summary>
    public EasyEditStatsDirectory(string directory, string modelName)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(modelName);
        (Directory, ModelName) = (Path.GetFullPath(directory), modelName);
    }

    /// <summary>EasyEdit's stats_dir.</summary>
    public string Directory { get; }

    /// <summary>The model's folder name under it.</summary>
    public string ModelName { get; }

    /// <summary>The model name EasyEdit derives from a model path: its last folder name ("models/gpt2-xl/" → "gpt2-xl").</summary>
    public static EasyEditStatsDirectory ForModelPath(string directory, string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        return new EasyEditStatsDirectory(directory, Path.GetFileName(Path.TrimEndingDirectorySeparator(modelPath)));
    }

    /// <summary>The file EasyEdit would have written for this layer and request.</summary>
    public string PathFor(EditableModel model, int layer, StatisticsRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        string module = model.Model.Architecture.ModuleName(ModuleRole.MlpOutputProjection, layer);
        return Path.Combine(Directory, ModelName, $"{request.Dataset}_stats", $"{module}_{request.DType}_mom2_{request.Samples}.npz");
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The .npz lacks an array, is not a zip, or its matrix does not match the layer's key width.</exception>
    public KeyStatistics Get(EditableModel model, int layer, StatisticsRequest request)
    {
        string path = PathFor(model, layer, request);
        if (!File.Exists(path)) throw new InvalidOperationException($"no EasyEdit statistics for layer {layer}: expected {path} (compute them with `amend stats`, or point --stats-dir at EasyEdit's stats_dir)");
        var (sum, count) = Read(path);
        int d = LayerStatistics.KeyWidth(model.Model, layer);
        if (sum.Shape is not [var rows, var cols] || rows != d || cols != d) throw new InvalidDataException($"{path}: mom2.mom2 has shape ({string.Join(", ", sum.Shape)}), expected ({d}, {d}) for layer {layer}");
        if (count <= 0) throw new InvalidDataException($"{path}: mom2.count is {count}; expected a positive count");
        var mean = new Matrix64(d, d, sum.Values);
        for (int i = 0; i < mean.Data.Length; i++) mean.Data[i] /= count;
        return new KeyStatistics(layer, mean, count, path);
    }

    private static (NpyArray Moment, long Count) Read(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            NpyArray Array(string name)
            {
                var entry = zip.GetEntry(name + ".npy") ?? throw new InvalidDataException($"{path}: no array '{name}' (found {string.Join(", ", zip.Entries.Select(e => e.Name))})");
                using var stream = entry.Open();
                return NpyArray.Read(stream, $"{path}: {name}", entry.Length);
            }

            var count = Array("mom2.count");
            if (count.Values.Length != 1) throw new InvalidDataException($"{path}: mom2.count should be a scalar");
            return (Array("mom2.mom2"), (long)count.Values[0]);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: not a readable .npz ({e.Message})", e);
        }
    }
}
