using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Kn;

namespace Amend.Editing.Tests.Methods.Kn;

public sealed class KnHyperparametersTests
{
    // EasyEdit's hparams/KN/gpt2-xl.yaml, runtime keys included.
    public const string EasyEditGpt2Xl = """
        alg_name: "KN"
        model_name: "./hugging_cache/gpt2-xl"
        device: 0
        model_parallel: false

        lr_scale: 1.0
        n_toks: 10
        refine: false
        batch_size: 20
        steps: 20
        adaptive_threshold: 0.2
        p: 0.4
        """;

    [Fact]
    public void Parse_EasyEditFile_BindsEveryKeyWithoutWarnings()
    {
        var warnings = new List<string>();

        var h = HyperparameterFile.Parse<KnHyperparameters>(EasyEditGpt2Xl, "gpt2-xl.yaml", warnings);

        Assert.Empty(warnings);
        Assert.Equal((1.0, 10, false, 20, 20, 0.2, 0.4, 40), (h.LrScale, h.NToks, h.Refine, h.BatchSize, h.Steps, h.AdaptiveThreshold, h.P, h.MaxLength));
        Assert.Empty(h.Validate(GoldenGpt2.Load().Model.Architecture));
    }

    [Fact]
    public void Parse_MissingKey_NamesIt()
    {
        var error = Assert.Throws<HyperparameterException>(() => HyperparameterFile.Parse<KnHyperparameters>(EasyEditGpt2Xl.Replace("steps: 20", "", StringComparison.Ordinal), "kn.yaml"));

        Assert.Contains("steps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_CreatesKnFromAYamlFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kn-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, EasyEditGpt2Xl);
        try
        {
            var editor = EditorRegistry.Create("kn", path);

            Assert.IsType<KnEditor>(editor);
            Assert.Equal("KN", editor.Method);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<string, string> BadValues() => new()
    {
        { "batch_size: 20", "batch_size: 3" },
        { "batch_size: 20", "batch_size: 0" },
        { "steps: 20", "steps: 0" },
        { "adaptive_threshold: 0.2", "adaptive_threshold: 1.5" },
        { "p: 0.4", "p: 1" },
        { "lr_scale: 1.0", "lr_scale: -1" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Validate_OutOfRangeValue_NamesTheKey(string good, string bad)
    {
        var h = HyperparameterFile.Parse<KnHyperparameters>(EasyEditGpt2Xl.Replace(good, bad, StringComparison.Ordinal), "kn.yaml");

        var problems = h.Validate(GoldenGpt2.Load().Model.Architecture);

        Assert.Contains(problems, p => p.StartsWith(bad.Split(':')[0] + ":", StringComparison.Ordinal));
    }
}
