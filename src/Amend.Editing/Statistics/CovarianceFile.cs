using System.Globalization;
using Amend.Models.Architectures;
using Amend.Models.Checkpoints;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Statistics;

/// <summary>
/// Per-layer second moments in one safetensors file. Tensors are named by a prefix, either the module name
/// (<c>transformer.h.5.mlp.c_proj</c>) or the layer index (<c>5</c>), and a suffix:
/// <c>&lt;prefix&gt;.mom2</c> or <c>&lt;prefix&gt;.second_moment</c> is the mean E[k kᵀ] (d × d, F32 or F64), or
/// <c>&lt;prefix&gt;.mom2_sum</c> is Σ k kᵀ, which needs the count. The count comes from the metadata entry
/// <c>&lt;prefix&gt;.count</c> (a decimal integer) or a scalar tensor <c>&lt;prefix&gt;.count</c>; a mean without
/// one gets <see cref="KeyStatistics.Count"/> 0. Values are read as float32 (F64 is narrowed). <see cref="Write"/>
/// produces <c>&lt;module&gt;.mom2</c> with the count in the metadata.
/// </summary>
public sealed class CovarianceFile : IKeyStatisticsSource
{
    // The tensor suffixes a second moment may have, in the order Get looks for them.
    private static readonly string[] s_momentSuffixes = ["mom2", "second_moment", "mom2_sum"];

    /// <summary>Reads from <paramref name="path"/> on each <see cref="Get"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public CovarianceFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        if (!File.Exists(Path)) throw new FileNotFoundException($"covariance file not found: {Path}", Path);
    }

    /// <summary>The safetensors file.</summary>
    public string Path { get; }

    /// <summary>
    /// Checks that writing a covariance file to <paramref name="path"/> replaces nothing but another covariance file:
    /// a mistyped --out must not turn a model's weights into second moments.
    /// </summary>
    /// <exception cref="IOException">The path is a folder, or a file that is not a safetensors file of moments only.</exception>
    public static void RequireReplaceable(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) throw new IOException($"{System.IO.Path.GetFullPath(path)} is a folder; give a .safetensors file name to write the covariance file to");
        if (!File.Exists(path)) return;
        bool moments;
        try
        {
            using var reader = SafetensorsReader.Open(path);
            moments = reader.Header.Tensors.All(t => s_momentSuffixes.Append("count").Any(suffix => t.Name.EndsWith("." + suffix, StringComparison.Ordinal)));
        }
        catch (CheckpointFormatException)
        {
            moments = false;
        }

        if (!moments) throw new IOException($"{System.IO.Path.GetFullPath(path)} exists and is not a covariance file (it holds tensors other than *.mom2, or is not safetensors); choose another file, or delete it first");
    }

    /// <summary>Writes each statistics' mean as <c>&lt;module&gt;.mom2</c> (float32) and its count as metadata <c>&lt;module&gt;.count</c>.</summary>
    /// <exception cref="IOException">The path holds a file that is not a covariance file (<see cref="RequireReplaceable"/>).</exception>
    public static void Write(string path, IEnumerable<KeyStatistics> statistics, ModelArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(architecture);
        RequireReplaceable(path);
        var tensors = new Dictionary<string, Tensor>();
        var metadata = new Dictionary<string, string>();
        foreach (var s in statistics)
        {
            string module = architecture.ModuleName(ModuleRole.MlpOutputProjection, s.Layer);
            tensors[module + ".mom2"] = s.SecondMoment.ToTensor();
            metadata[module + ".count"] = s.Count.ToString(CultureInfo.InvariantCulture);
        }

        SafetensorsWriter.WriteFile(path, tensors, metadata);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">The matrix has the wrong shape, or a sum comes without a count; the message names the file and tensor.</exception>
    public KeyStatistics Get(EditableModel model, int layer, StatisticsRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        string module = model.Model.Architecture.ModuleName(ModuleRole.MlpOutputProjection, layer);
        string[] prefixes = [module, layer.ToString(CultureInfo.InvariantCulture)];
        using var reader = SafetensorsReader.Open(Path);
        foreach (string prefix in prefixes)
        {
            long? count = Count(reader, prefix);
            foreach (string suffix in s_momentSuffixes)
            {
                if (!reader.Contains($"{prefix}.{suffix}")) continue;
                var matrix = Matrix(reader, $"{prefix}.{suffix}", LayerStatistics.KeyWidth(model.Model, layer));
                if (suffix != "mom2_sum") return new KeyStatistics(layer, matrix, count ?? 0, Path);
                if (count is not long n || n <= 0) throw new InvalidDataException($"{Path}: {prefix}.mom2_sum needs a positive count (metadata or tensor '{prefix}.count')");
                return new KeyStatistics(layer, Scale(matrix, 1.0 / n), n, Path);
            }
        }

        throw new InvalidOperationException($"{Path} has no second moment for layer {layer}: expected '{module}.mom2', '{module}.second_moment' or '{module}.mom2_sum' (or the same with prefix '{layer}')");
    }

    private Matrix64 Matrix(SafetensorsReader reader, string name, int d)
    {
        var tensor = reader.Load(name);
        if (tensor.Rank != 2 || tensor.Shape[0] != d || tensor.Shape[1] != d) throw new InvalidDataException($"{Path}: {name} has shape {tensor.Shape}, expected ({d}, {d})");
        return Matrix64.FromTensor(tensor);
    }

    private long? Count(SafetensorsReader reader, string prefix)
    {
        string name = prefix + ".count";
        if (reader.Header.Metadata.TryGetValue(name, out string? text))
        {
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed) ? parsed : throw new InvalidDataException($"{Path}: metadata {name} = '{text}' is not a count");
        }

        return reader.Contains(name) ? (long)Math.Round(reader.Load(name).Item()) : null;
    }

    private static Matrix64 Scale(Matrix64 matrix, double factor)
    {
        for (int i = 0; i < matrix.Data.Length; i++) matrix.Data[i] *= factor;
        return matrix;
    }
}
