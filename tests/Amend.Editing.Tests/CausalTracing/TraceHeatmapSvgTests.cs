using System.Xml.Linq;
using Amend.Editing.CausalTracing;

namespace Amend.Editing.Tests.CausalTracing;

public sealed class TraceHeatmapSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Render_IsSvgWithOneCellPerTokenAndLayer_AndMarksTheSubject()
    {
        // Given a trace of 4 tokens × 3 layers with a subject of 2 tokens
        var result = Result(CausalTraceKind.Mlp, ["The", " Space", " Needle", " is"], subjectStart: 1, subjectEnd: 3);

        // When
        var document = XDocument.Parse(TraceHeatmapSvg.Render(result));

        // Then
        Assert.Equal(Svg + "svg", document.Root!.Name);
        var cells = Cells(document).ToList();
        Assert.Equal(12, cells.Count);
        Assert.Equal(12, cells.Select(c => (c.Attribute("data-token")!.Value, c.Attribute("data-layer")!.Value)).Distinct().Count());
        var labels = document.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains(" Space*", labels);
        Assert.Contains(" Needle*", labels);
        Assert.Contains("The", labels);
        Assert.Contains("p(Seattle)", labels);
        Assert.Contains("Impact of restoring MLP after corrupted input", labels);
    }

    [Fact]
    public void Render_ColoursFromCorruptedToHighestScore_InTheKindsScale()
    {
        var result = Result(CausalTraceKind.Attention, ["a", "b"], subjectStart: 0, subjectEnd: 1);

        var cells = Cells(XDocument.Parse(TraceHeatmapSvg.Render(result))).ToDictionary(c => (c.Attribute("data-token")!.Value, c.Attribute("data-layer")!.Value), c => c.Attribute("fill")!.Value);

        Assert.Equal("#fff5f0", cells[("0", "0")]);
        Assert.Equal("#67000d", cells[("1", "2")]);
    }

    [Fact]
    public void Render_SeveralResults_DrawsOnePanelEach()
    {
        CausalTraceKind[] kinds = [CausalTraceKind.Residual, CausalTraceKind.Mlp, CausalTraceKind.Attention];

        var document = XDocument.Parse(TraceHeatmapSvg.Render([.. kinds.Select(k => Result(k, ["x", "y"], 0, 1))]));

        var panels = document.Root!.Elements(Svg + "g").ToList();
        Assert.Equal(3, panels.Count);
        Assert.All(panels, p => Assert.Equal(6, p.Descendants(Svg + "rect").Count(r => (string?)r.Attribute("class") == "cell")));
    }

    [Fact]
    public void Render_EscapesMarkupAndControlCharactersInTokens()
    {
        var result = Result(CausalTraceKind.Residual, ["<s>", "a&b", "\n", "\"q\""], subjectStart: 1, subjectEnd: 2);

        var labels = XDocument.Parse(TraceHeatmapSvg.Render(result)).Descendants(Svg + "text").Select(t => t.Value).ToList();

        Assert.Contains("<s>", labels);
        Assert.Contains("a&b*", labels);
        Assert.Contains("\\x0A", labels);
    }

    [Fact]
    public void Render_NoResults_Throws()
    {
        Assert.Throws<ArgumentException>(() => TraceHeatmapSvg.Render(Array.Empty<TraceResult>()));
    }

    private static IEnumerable<XElement> Cells(XDocument document) =>
        document.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "cell");

    // Scores rise with token and layer from the corrupted probability 0.1 to 0.1 + 0.1·(T - 1 + 2).
    private static TraceResult Result(CausalTraceKind kind, string[] tokens, int subjectStart, int subjectEnd)
    {
        var scores = new double[tokens.Length, 3];
        for (int t = 0; t < tokens.Length; t++)
        {
            for (int l = 0; l < 3; l++) scores[t, l] = 0.1 + (0.1 * (t + l));
        }

        return new TraceResult(tokens, subjectStart, subjectEnd, kind, 10, scores, 0.9, 0.1, 42, " Seattle", 0.3, 10);
    }
}
