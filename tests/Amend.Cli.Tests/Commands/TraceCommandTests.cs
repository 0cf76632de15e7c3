using System.Xml.Linq;

namespace Amend.Cli.Tests.Commands;

public sealed class TraceCommandTests
{
    private static readonly string Stories = SharedFixtures.Path("models", "stories260K", "stories260K.bin");

    [Fact]
    public void All_WritesOneFigureWithThreePanels_AndPrintsTheBestMlpLayer()
    {
        // Given
        string folder = Directory.CreateTempSubdirectory("amend-trace-").FullName;
        string svg = Path.Combine(folder, "figures", "trace.svg");
        try
        {
            // When
            var (code, output, error) = CliRunner.Run(
                "trace", "--model", Stories, "--prompt", "Lily went to the park and saw a", "--subject", "Lily", "--samples", "2", "--window", "2", "--out", svg);

            // Then
            Assert.True(code == 0, error);
            Assert.Contains("mlp (window 2): best layer ", output, StringComparison.Ordinal);
            Assert.Contains("residual (window 2)", output, StringComparison.Ordinal);
            Assert.Contains("clean p = ", output, StringComparison.Ordinal);
            var panels = XDocument.Load(svg).Root!.Elements(XName.Get("g", "http://www.w3.org/2000/svg")).ToList();
            Assert.Equal(3, panels.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Json_GivesEveryScoreUnderRomesNames()
    {
        // Given
        string folder = Directory.CreateTempSubdirectory("amend-trace-").FullName;
        string svg = Path.Combine(folder, "trace.svg");
        try
        {
            // When the residual trace is asked for as JSON
            var (code, output, error) = CliRunner.Run(
                "trace", "--model", Stories, "--prompt", "Lily went to the park and saw a", "--subject", "Lily", "--kind", "residual", "--samples", "2", "--out", svg, "--json");

            // Then the scores form a tokens × layers grid of probabilities, with the subject's range inside the tokens
            Assert.True(code == 0, error);
            var report = System.Text.Json.Nodes.JsonNode.Parse(output)!;
            int tokens = report["input_tokens"]!.AsArray().Count;
            var range = report["subject_range"]!.AsArray().Select(n => (int)n!).ToArray();
            Assert.True(range[0] >= 0 && range[0] < range[1] && range[1] <= tokens, string.Join(",", range));
            var trace = Assert.Single(report["traces"]!.AsArray())!;
            Assert.Equal("residual", (string?)trace["kind"]);
            var scores = trace["scores"]!.AsArray();
            Assert.Equal(tokens, scores.Count);
            Assert.All(scores, row => Assert.Equal(5, row!.AsArray().Count));
            Assert.All(scores.SelectMany(row => row!.AsArray()), p => Assert.InRange((double)p!, 0.0, 1.0));
            Assert.InRange((double)report["low_score"]!, 0.0, 1.0);
            Assert.InRange((double)report["high_score"]!, 0.0, 1.0);
            Assert.True(File.Exists(svg));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void SubjectNotInPrompt_IsOneLineError_NamingTheOption_BeforeTheModelLoads()
    {
        var (code, _, error) = CliRunner.Run(
            "trace", "--model", "./no-such-model-folder", "--prompt", "Lily went to the park", "--subject", "Tom", "--kind", "mlp", "--out", Path.Combine(Path.GetTempPath(), "never.svg"));

        Assert.Equal(2, code);
        Assert.StartsWith("amend trace: --subject: \"Tom\" does not occur in the prompt", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyTarget_NamesTheOption_BeforeTheModelLoads()
    {
        var (code, _, error) = CliRunner.Run(
            "trace", "--model", "./no-such-model-folder", "--prompt", "The Space Needle is in", "--subject", "Space Needle", "--target", " ", "--kind", "mlp",
            "--out", Path.Combine(Path.GetTempPath(), "never.svg"));

        Assert.Equal(2, code);
        Assert.StartsWith("amend trace: --target: the target is empty", error, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowBelowOne_IsRejectedBeforeLoading()
    {
        var (code, _, error) = CliRunner.Run(
            "trace", "--model", "./no-such-model-folder", "--prompt", "x", "--subject", "x", "--window", "0", "--out", "never.svg");

        Assert.Equal(2, code);
        Assert.Contains("window", error, StringComparison.Ordinal);
    }

    [Fact]
    public void OutAnExistingFolder_IsRejectedBeforeLoading()
    {
        string folder = Directory.CreateTempSubdirectory("amend-trace-out-").FullName;
        try
        {
            var (code, _, error) = CliRunner.Run("trace", "--model", "./no-such-model-folder", "--prompt", "x", "--subject", "x", "--out", folder);

            Assert.Equal(2, code);
            Assert.Contains($"cannot write {folder} for the trace figure (--out): it is a folder", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void NoiseStd_IsSigmaItself_AndNoiseSubjectsMeasureItOverTheirEmbeddings()
    {
        string folder = Directory.CreateTempSubdirectory("amend-trace-sigma-").FullName;
        string subjects = Path.Combine(folder, "known_1000.json");
        File.WriteAllText(subjects, """[{"subject": "Lily"}, {"subject": "Tom"}, {"requested_rewrite": {"subject": "Lily"}}]""");
        string[] common = ["trace", "--model", Stories, "--prompt", "Lily went to the park and saw a", "--subject", "Lily", "--kind", "residual", "--samples", "1", "--out", Path.Combine(folder, "t.svg")];
        try
        {
            var (fixedCode, fixedOutput, fixedError) = CliRunner.Run([.. common, "--noise", "2", "--noise-std", "0.25"]);
            var (listCode, listOutput, listError) = CliRunner.Run([.. common, "--noise-subjects", subjects]);

            Assert.True(fixedCode == 0, fixedError);
            Assert.Contains("noise std 0.5,", fixedOutput, StringComparison.Ordinal);
            Assert.True(listCode == 0, listError);
            var model = Amend.Editing.EditableModel.From(Amend.Models.HuggingFace.PretrainedModel.Load(Stories));
            double sigma = Amend.Editing.CausalTracing.SubjectNoise.SubjectStd(model, ["Lily", "Tom", "Lily"]);
            Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"noise std {3 * sigma:0.####},"), listOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void NoiseStdAndNoiseSubjects_Together_AreRejectedBeforeLoading()
    {
        string subjects = Path.Combine(Path.GetTempPath(), "amend-never-read-subjects.json");

        var (code, _, error) = CliRunner.Run(
            "trace", "--model", "./no-such-model-folder", "--prompt", "x", "--subject", "x", "--noise-std", "0.1", "--noise-subjects", subjects, "--out", "never.svg");

        Assert.Equal(2, code);
        Assert.Contains("either --noise-std or --noise-subjects", error, StringComparison.Ordinal);
    }

    [Fact]
    public void NoiseSubjectsWithoutSubjects_NamesTheFileBeforeLoading()
    {
        string subjects = Path.Combine(Path.GetTempPath(), $"amend-subjects-{Guid.NewGuid():N}.json");
        File.WriteAllText(subjects, """[{"prompt": "x"}]""");
        try
        {
            var (code, _, error) = CliRunner.Run("trace", "--model", "./no-such-model-folder", "--prompt", "x", "--subject", "x", "--noise-subjects", subjects, "--out", "never.svg");

            Assert.Equal(2, code);
            Assert.Contains($"{subjects}: record 0 has no \"subject\"", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(subjects);
        }
    }

    [Theory]
    [InlineData("--samples", "0", "--samples must be in 1..1000 (ROME uses 10; each is a corrupted copy of the prompt in every forward pass), got 0")]
    [InlineData("--noise", "-1", "--noise must be finite and ≥ 0, got -1")]
    [InlineData("--noise-std", "NaN", "--noise-std must be finite and ≥ 0, got NaN")]
    [InlineData("--window", "0", "--window must be at least 1, got 0")]
    [InlineData("--noise-std", "1e308", "causal trace: the noise std, 3 × 1E+308, is not a finite number")]
    public void AValueOutOfRange_IsRefusedByName_BeforeTheModelLoads(string option, string value, string expected)
    {
        var (code, _, error) = CliRunner.Run("trace", "--model", "./no-such-model-folder", "--prompt", "x y", "--subject", "x", "--out", "never.svg", option, value);

        Assert.Equal(2, code);
        Assert.StartsWith($"amend trace: {expected}", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--noise", "0")]
    [InlineData("--noise-std", "0")]
    public void ZeroNoise_IsWarnedAbout(string option, string value)
    {
        string svg = Path.Combine(Path.GetTempPath(), $"amend-trace-zero-{Guid.NewGuid():N}.svg");
        try
        {
            var (code, _, error) = CliRunner.Run(
                "trace", "--model", Stories, "--prompt", "Lily went to the park and saw a", "--subject", "Lily", "--kind", "residual", "--samples", "1", "--out", svg, option, value);

            Assert.True(code == 0, error);
            Assert.Contains("warning: a noise std of 0 corrupts nothing", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(svg);
        }
    }
}
