using System.Text.Json;
using Amend.Editing.Statistics;
using Amend.Models.Checkpoints;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Tests;

/// <summary>The key statistics of the EasyEdit goldens (shared/golden/easyedit/&lt;method&gt;/mom2), as EasyEdit used them.</summary>
internal static class GoldenStatistics
{
    /// <summary>C = mom2_sum / count of <paramref name="layer"/>'s c_proj, from cov.safetensors and stats.json.</summary>
    public static KeyStatistics Read(string method, int layer)
    {
        using var stats = JsonDocument.Parse(File.ReadAllText(GoldenGpt2.Reference(method, "mom2", "stats.json")));
        long count = stats.RootElement.GetProperty("stats_files").EnumerateArray()
            .First(f => f.GetProperty("file").GetString()!.Contains($"transformer.h.{layer}.mlp", StringComparison.Ordinal)).GetProperty("count").GetInt64();
        using var cov = SafetensorsReader.Open(GoldenGpt2.Reference(method, "mom2", "cov.safetensors"));
        var sum = Matrix64.FromTensor(cov.Load($"transformer.h.{layer}.mlp.c_proj.mom2_sum"));
        var moment = new Matrix64(sum.Rows, sum.Cols, [.. sum.Data.Select(v => v / count)]);
        return new KeyStatistics(layer, moment, count, $"golden {method} cov.safetensors");
    }

    /// <summary>A source serving the golden statistics of <paramref name="layers"/>.</summary>
    public static FixedStatistics Source(string method, params int[] layers) => new([.. layers.Select(l => Read(method, l))]);
}

/// <summary>Serves fixed <see cref="KeyStatistics"/>, one per layer.</summary>
internal sealed class FixedStatistics(params KeyStatistics[] statistics) : IKeyStatisticsSource
{
    public KeyStatistics Get(EditableModel model, int layer, StatisticsRequest request) =>
        statistics.FirstOrDefault(s => s.Layer == layer) ?? throw new InvalidOperationException($"no statistics for layer {layer}");
}
