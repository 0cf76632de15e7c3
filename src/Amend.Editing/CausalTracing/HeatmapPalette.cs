namespace Amend.Editing.CausalTracing;

/// <summary>The sequential colour scales of ROME's figures: matplotlib's Purples, Greens and Reds (ColorBrewer, 9 classes).</summary>
internal static class HeatmapPalette
{
    private static readonly string[] Purples = ["#fcfbfd", "#efedf5", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#54278f", "#3f007d"];
    private static readonly string[] Greens = ["#f7fcf5", "#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#006d2c", "#00441b"];
    private static readonly string[] Reds = ["#fff5f0", "#fee0d2", "#fcbba1", "#fc9272", "#fb6a4a", "#ef3b2c", "#cb181d", "#a50f15", "#67000d"];

    /// <summary>The scale's colours from low to high, as "#rrggbb".</summary>
    public static IReadOnlyList<string> Stops(CausalTraceKind kind) => kind switch
    {
        CausalTraceKind.Mlp => Greens,
        CausalTraceKind.Attention => Reds,
        _ => Purples,
    };

    /// <summary>The colour at <paramref name="t"/> ∈ [0, 1] (clamped), interpolated linearly between neighbouring stops.</summary>
    public static string Colour(CausalTraceKind kind, double t)
    {
        var stops = Stops(kind);
        double at = Math.Clamp(double.IsNaN(t) ? 0 : t, 0, 1) * (stops.Count - 1);
        int low = Math.Min((int)at, stops.Count - 2);
        double f = at - low;
        var (a, b) = (Rgb(stops[low]), Rgb(stops[low + 1]));
        return $"#{Mix(a.R, b.R, f):x2}{Mix(a.G, b.G, f):x2}{Mix(a.B, b.B, f):x2}";
    }

    private static int Mix(int a, int b, double f) => (int)Math.Round(a + ((b - a) * f));

    private static (int R, int G, int B) Rgb(string hex) =>
        (Convert.ToInt32(hex[1..3], 16), Convert.ToInt32(hex[3..5], 16), Convert.ToInt32(hex[5..7], 16));
}
