using System.Globalization;
using System.Text;

namespace Amend.Evaluation.Reports;

/// <summary>Small inline SVG charts for the HTML report (no scripts, no external resources).</summary>
internal static class SvgPlots
{
    private const int Width = 360, Height = 160, Margin = 30;

    /// <summary>A histogram of <paramref name="values"/> in <paramref name="bins"/> equal bins between their minimum and maximum.</summary>
    public static string Histogram(IReadOnlyList<double> values, int bins = 10)
    {
        double min = values.Min(), max = values.Max();
        double width = max > min ? (max - min) / bins : 1;
        var counts = new int[bins];
        foreach (double v in values) counts[Math.Min(bins - 1, (int)((v - min) / width))]++;
        int top = Math.Max(1, counts.Max());
        var svg = Open();
        double barWidth = (Width - (2.0 * Margin)) / bins;
        for (int b = 0; b < bins; b++)
        {
            double h = (Height - (2.0 * Margin)) * counts[b] / top;
            svg.Append(Invariant($"<rect x=\"{Margin + (b * barWidth):F1}\" y=\"{Height - Margin - h:F1}\" width=\"{barWidth - 1:F1}\" height=\"{h:F1}\" fill=\"#4c78a8\"><title>{min + (b * width):G4}–{min + ((b + 1) * width):G4}: {counts[b]}</title></rect>"));
        }

        return Close(svg, Invariant($"{min:G4}"), Invariant($"{max:G4}"), Invariant($"max count {top}"));
    }

    /// <summary>Points (x, y) and the running mean of y as a line, x increasing to the right.</summary>
    public static string Scatter(IReadOnlyList<(double X, double Y)> points)
    {
        double minX = points.Min(p => p.X), maxX = Math.Max(minX + 1, points.Max(p => p.X));
        double minY = points.Min(p => p.Y), maxY = Math.Max(minY + 1e-9, points.Max(p => p.Y));
        double Sx(double x) => Margin + ((Width - (2.0 * Margin)) * (x - minX) / (maxX - minX));
        double Sy(double y) => Height - Margin - ((Height - (2.0 * Margin)) * (y - minY) / (maxY - minY));
        var svg = Open();
        foreach (var (x, y) in points) svg.Append(Invariant($"<circle cx=\"{Sx(x):F1}\" cy=\"{Sy(y):F1}\" r=\"2\" fill=\"#4c78a8\" fill-opacity=\"0.5\"/>"));
        double sum = 0;
        var line = points.OrderBy(p => p.X).Select((p, i) => { sum += p.Y; return Invariant($"{Sx(p.X):F1},{Sy(sum / (i + 1)):F1}"); });
        svg.Append(Invariant($"<polyline points=\"{string.Join(' ', line)}\" fill=\"none\" stroke=\"#e45756\" stroke-width=\"2\"><title>running mean</title></polyline>"));
        return Close(svg, Invariant($"{minX:G4} edits"), Invariant($"{maxX:G4} edits"), Invariant($"y {minY:G4}–{maxY:G4}"));
    }

    private static StringBuilder Open() => new(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\"><line x1=\"{Margin}\" y1=\"{Height - Margin}\" x2=\"{Width - Margin}\" y2=\"{Height - Margin}\" stroke=\"#888\"/>"));

    private static string Close(StringBuilder svg, string left, string right, string note) => svg
        .Append(Invariant($"<text x=\"{Margin}\" y=\"{Height - 10}\" font-size=\"10\">{left}</text>"))
        .Append(Invariant($"<text x=\"{Width - Margin}\" y=\"{Height - 10}\" font-size=\"10\" text-anchor=\"end\">{right}</text>"))
        .Append(Invariant($"<text x=\"{Margin}\" y=\"14\" font-size=\"10\">{note}</text></svg>")).ToString();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
