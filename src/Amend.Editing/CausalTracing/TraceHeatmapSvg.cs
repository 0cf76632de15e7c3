using System.Globalization;
using System.Text;

namespace Amend.Editing.CausalTracing;

/// <summary>
/// Draws trace results as ROME's figure 1 does: prompt tokens as rows (subject tokens marked '*'), layers as columns,
/// colour from the corrupted probability (lightest) to the highest score (darkest), a colour bar labelled p(answer).
/// Several results become panels side by side in one figure. Output is a standalone SVG 1.1 document.
/// </summary>
public static class TraceHeatmapSvg
{
    private const double CellHeight = 16, Top = 40, CharWidth = 6.6, BarWidth = 12;

    /// <summary>One heatmap.</summary>
    public static string Render(TraceResult result) => Render([result]);

    /// <summary>One panel per result, left to right (e.g. residual, MLP, attention).</summary>
    /// <exception cref="ArgumentException">No results.</exception>
    public static string Render(IReadOnlyList<TraceResult> panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0) throw new ArgumentException("a trace figure needs at least one result", nameof(panels));
        var body = new StringBuilder();
        double x = 0, height = 0;
        for (int i = 0; i < panels.Count; i++)
        {
            var layout = new PanelLayout(panels[i]);
            body.Append(CultureInfo.InvariantCulture, $"<g id=\"panel-{i}\" transform=\"translate({F(x)},0)\">\n");
            Panel(body, panels[i], layout, i);
            body.Append("</g>\n");
            x += layout.Width;
            height = Math.Max(height, layout.Height);
        }

        return $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{F(x)}\" height=\"{F(height)}\" "
            + $"viewBox=\"0 0 {F(x)} {F(height)}\" font-family=\"Times New Roman, serif\" font-size=\"11\">\n"
            + $"<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{body}</svg>\n";
    }

    private static void Panel(StringBuilder svg, TraceResult result, PanelLayout layout, int index)
    {
        string kind = KindName(result.Kind);
        string title = result.Kind == CausalTraceKind.Residual ? "Impact of restoring state after corrupted input" : $"Impact of restoring {kind} after corrupted input";
        string xLabel = result.Window == 1 ? $"single restored {(result.Kind == CausalTraceKind.Residual ? "layer" : kind + " layer")}" : $"center of interval of {result.Window} restored {kind} layers";
        Text(svg, layout.TitleCentre, 18, title, "middle", "font-size=\"13\"");
        Cells(svg, result, layout);
        Axes(svg, result, layout, xLabel);
        ColourBar(svg, result, layout, index);
    }

    private static void Cells(StringBuilder svg, TraceResult result, PanelLayout layout)
    {
        double high = HighScore(result);
        for (int t = 0; t < result.Tokens.Length; t++)
        {
            for (int l = 0; l < result.Layers; l++)
            {
                double score = result.Scores[t, l];
                string fill = HeatmapPalette.Colour(result.Kind, (score - result.CorruptedProbability) / (high - result.CorruptedProbability));
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"cell\" data-token=\"{t}\" data-layer=\"{l}\" x=\"{F(layout.Left + (l * layout.CellWidth))}\" y=\"{F(Top + (t * CellHeight))}\" ")
                    .Append(CultureInfo.InvariantCulture, $"width=\"{F(layout.CellWidth)}\" height=\"{F(CellHeight)}\" fill=\"{fill}\"><title>{Escape(Label(result, t))} layer {l}: p = {score:0.####}</title></rect>\n");
            }
        }
    }

    private static void Axes(StringBuilder svg, TraceResult result, PanelLayout layout, string xLabel)
    {
        for (int t = 0; t < result.Tokens.Length; t++) Text(svg, layout.Left - 4, Top + ((t + 0.5) * CellHeight) + 4, Label(result, t), "end");
        int step = result.Layers <= 12 ? 1 : 5;
        double bottom = Top + (result.Tokens.Length * CellHeight);
        for (int l = 0; l < result.Layers; l += step)
        {
            double cx = layout.Left + ((l + 0.5) * layout.CellWidth);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(cx)}\" y1=\"{F(bottom)}\" x2=\"{F(cx)}\" y2=\"{F(bottom + 3)}\" stroke=\"black\"/>\n");
            Text(svg, cx, bottom + 14, l.ToString(CultureInfo.InvariantCulture), "middle");
        }

        Text(svg, layout.TitleCentre, bottom + 30, xLabel, "middle");
    }

    private static void ColourBar(StringBuilder svg, TraceResult result, PanelLayout layout, int index)
    {
        var stops = HeatmapPalette.Stops(result.Kind);
        string id = $"colour-bar-{index}";
        svg.Append(CultureInfo.InvariantCulture, $"<defs><linearGradient id=\"{id}\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">");
        for (int i = 0; i < stops.Count; i++) svg.Append(CultureInfo.InvariantCulture, $"<stop offset=\"{F((double)i / (stops.Count - 1))}\" stop-color=\"{stops[i]}\"/>");
        svg.Append("</linearGradient></defs>\n");
        double height = result.Tokens.Length * CellHeight;
        svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"colour-bar\" x=\"{F(layout.BarX)}\" y=\"{F(Top)}\" width=\"{F(BarWidth)}\" height=\"{F(height)}\" fill=\"url(#{id})\" stroke=\"black\" stroke-width=\"0.5\"/>\n");
        double low = result.CorruptedProbability, high = HighScore(result);
        for (int i = 0; i <= 4; i++)
        {
            double y = Top + height - (i * height / 4);
            Text(svg, layout.BarX + BarWidth + 3, y + 4, (low + ((high - low) * i / 4)).ToString("0.###", CultureInfo.InvariantCulture), "start", "font-size=\"9\"");
        }

        Text(svg, layout.BarX + (BarWidth / 2), Top + height + 14, $"p({result.Answer.Trim()})", "middle");
    }

    // matplotlib's pcolor(vmin=low_score) with an automatic vmax; a flat map keeps a non-empty range.
    private static double HighScore(TraceResult result)
    {
        double high = result.CorruptedProbability;
        foreach (double s in result.Scores) high = Math.Max(high, s);
        return high > result.CorruptedProbability ? high : result.CorruptedProbability + 1e-9;
    }

    private static string KindName(CausalTraceKind kind) => kind switch
    {
        CausalTraceKind.Mlp => "MLP",
        CausalTraceKind.Attention => "Attn",
        _ => "state",
    };

    // llama2.c's BOS decodes as "\n<s>\n": line breaks around a token are dropped unless they are all of it.
    private static string Label(TraceResult result, int token)
    {
        string text = result.Tokens[token].Trim('\r', '\n');
        return (text.Length > 0 ? text : result.Tokens[token]) + (token >= result.SubjectStart && token < result.SubjectEnd ? "*" : "");
    }

    private static void Text(StringBuilder svg, double x, double y, string text, string anchor, string extra = "") =>
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{F(y)}\" text-anchor=\"{anchor}\" xml:space=\"preserve\" {extra}>{Escape(text)}</text>\n");

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    // XML 1.0 forbids most control characters and lone surrogates, which byte-level tokens can decode to: show them as \xNN or U+FFFD.
    internal static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) sb.Append(c).Append(text[++i]);
            else if (char.IsSurrogate(c)) sb.Append('\uFFFD');
            else if (c < ' ') sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            else sb.Append(c switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", _ => c.ToString() });
        }

        return sb.ToString();
    }

    private sealed class PanelLayout(TraceResult result)
    {
        public double Left { get; } = 10 + (result.Tokens.Select((_, t) => Label(result, t).Length).DefaultIfEmpty(1).Max() * CharWidth);

        public double CellWidth { get; } = Math.Clamp(320.0 / Math.Max(1, result.Layers), 8, 28);

        public double MapWidth => CellWidth * result.Layers;

        public double BarX => Left + MapWidth + 14;

        // The 13-pt title and the axis label are up to about 330 pixels wide; they stay inside the panel even over a narrow map.
        public double TitleCentre => Math.Max(Left + (MapWidth / 2), 170);

        public double Width => Math.Max(BarX + BarWidth + 50, TitleCentre + 170);

        public double Height => Top + (result.Tokens.Length * CellHeight) + 44;
    }
}
