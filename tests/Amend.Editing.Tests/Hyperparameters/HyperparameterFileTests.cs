using System.Text.Json.Serialization;
using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.FineTune;
using Amend.Models.Architectures;

namespace Amend.Editing.Tests.Hyperparameters;

public sealed class HyperparameterFileTests
{
    private sealed record SampleHyperparameters : IHyperparameters
    {
        [JsonPropertyName("alg_name")]
        public string AlgName => "SAMPLE";

        [JsonPropertyName("layers")]
        public required IReadOnlyList<int> Layers { get; init; }

        [JsonPropertyName("v_lr")]
        public double VLr { get; init; } = 0.1;

        [JsonPropertyName("mom2_adjustment")]
        public bool Mom2Adjustment { get; init; }

        [JsonPropertyName("rewrite_module_tmp")]
        public string RewriteModuleTmp { get; init; } = "transformer.h.{}.mlp.c_proj";

        [JsonPropertyName("context_template_length_params")]
        public IReadOnlyList<IReadOnlyList<int>> ContextTemplateLengthParams { get; init; } = [];

        public IReadOnlyList<string> Validate(ModelArchitecture architecture) =>
            [.. Layers.Where(l => l >= architecture.NumLayers).Select(l => $"layers: {l} is out of range")];
    }

    [Fact]
    public void Parse_ReadsEasyEditScalarsListsAndNestedLists()
    {
        const string yaml = "alg_name: SAMPLE\nlayers: [1, 2]\nv_lr: 5e-1\nmom2_adjustment: true\ncontext_template_length_params:\n- - 5\n  - 10\n- - 10\n  - 10\n";
        var h = HyperparameterFile.Parse<SampleHyperparameters>(yaml, "x.yaml");
        Assert.Equal([1, 2], h.Layers);
        Assert.Equal(0.5, h.VLr);
        Assert.True(h.Mom2Adjustment);
        Assert.Equal(10, h.ContextTemplateLengthParams[1][0]);
        Assert.Equal("transformer.h.{}.mlp.c_proj", h.RewriteModuleTmp);
    }

    [Fact]
    public void Parse_MissingRequiredKey_NamesFileAndKey()
    {
        var error = Assert.Throws<HyperparameterException>(() => HyperparameterFile.Parse<SampleHyperparameters>("v_lr: 0.5\n", "rome.yaml"));
        Assert.Equal("rome.yaml: missing required key \"layers\"", error.Message);
    }

    [Fact]
    public void Parse_AMisspeltRequiredKey_IsNamedBesideTheMissingOne()
    {
        var warnings = new List<string>();

        var error = Assert.Throws<HyperparameterException>(() => HyperparameterFile.Parse<SampleHyperparameters>("layrs: [1]\nv_lr: 0.5\n", "rome.yaml", warnings));

        Assert.Equal("rome.yaml: missing required key \"layers\"; the file has \"layrs\", unknown to SampleHyperparameters (misspelt?)", error.Message);
        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("layers: [1]\nv_lr: fast\n", "key \"v_lr\" must be a number, got \"fast\"")]
    [InlineData("layers: [1]\nv_lr: [1]\n", "key \"v_lr\" must be a number, got a list")]
    [InlineData("layers: abc\n", "key \"layers\" must be a list of integers, got \"abc\"")]
    [InlineData("layers: [1, 2.5]\n", "key \"layers[1]\" must be an integer, got 2.5")]
    [InlineData("layers: [99999999999]\n", "key \"layers[0]\" must be an integer from -2147483648 to 2147483647, got 99999999999")]
    [InlineData("layers: [1]\nmom2_adjustment: 3\n", "key \"mom2_adjustment\" must be true or false, got 3")]
    [InlineData("layers: [1]\ncontext_template_length_params: [[5, x]]\n", "key \"context_template_length_params[0][1]\" must be an integer, got \"x\"")]
    [InlineData("layers: [1]\ncontext_template_length_params: 5\n", "key \"context_template_length_params\" must be a list of lists of integers, got 5")]
    public void Parse_WrongType_SaysWhatTheKeyTakesInYamlWords(string yaml, string expected)
    {
        var error = Assert.Throws<HyperparameterException>(() => HyperparameterFile.Parse<SampleHyperparameters>(yaml, "rome.yaml"));

        Assert.Equal("rome.yaml: " + expected, error.Message);
    }

    [Fact]
    public void Parse_AnUnknownEnumName_ListsTheNames()
    {
        var error = Assert.Throws<HyperparameterException>(() => HyperparameterFile.Parse<FineTuneHyperparameters>(
            "alg_name: FT\nlayers: [0]\nnum_steps: 1\nlr: 1e-3\nweight_decay: 0\nkl_factor: 0\nnorm_constraint: false\nobjective_optimization: 7\nrewrite_module_tmp: transformer.h.{}.mlp.c_proj\n", "ft.yaml"));

        Assert.Contains("key \"objective_optimization\" must be one of prompt_last, target_new, got 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OtherAlgName_IsRefused()
    {
        var error = Assert.Throws<HyperparameterException>(() => HyperparameterFile.Parse<SampleHyperparameters>("alg_name: MEMIT\nlayers: [1]\n", "h.yaml"));
        Assert.Contains("MEMIT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownKeys_AreWarnedButRuntimeKeysAreNot()
    {
        var warnings = new List<string>();
        HyperparameterFile.Parse<SampleHyperparameters>("layers: [1]\ndevice: 0\nmodel_name: gpt2-xl\nv_lrr: 0.5\n", "h.yaml", warnings);
        Assert.Equal(["h.yaml: key \"v_lrr\" is not a SampleHyperparameters key; ignored"], warnings);
    }

    [Fact]
    public void Parse_AnUnknownKey_WithNoWarningsList_IsRefused_NotSilentlyDefaulted()
    {
        // A misspelt optional key would otherwise run with the default the user meant to change.
        var error = Assert.Throws<HyperparameterException>(() => HyperparameterFile.Parse<SampleHyperparameters>("layers: [1]\ndevice: 0\nv_lrr: 0.5\n", "h.yaml"));

        Assert.Contains("h.yaml: key \"v_lrr\" is not a SampleHyperparameters key (misspelt?)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("layers:\n")]
    [InlineData("layers: ~\n")]
    [InlineData("layers: [1]\nrewrite_module_tmp: ~\n")]
    public void Parse_NullForANonNullableKey_NamesTheKey(string yaml)
    {
        var error = Assert.Throws<HyperparameterException>(() => HyperparameterFile.Parse<SampleHyperparameters>(yaml, "h.yaml"));

        Assert.StartsWith("h.yaml: key \"", error.Message, StringComparison.Ordinal);
        Assert.Contains("is null; it needs a value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_YamlAliases_AreRefusedBeforeExpanding()
    {
        // Nine levels of ten-fold aliases would expand to 10⁹ nodes.
        var yaml = new System.Text.StringBuilder("layers: [1]\nl0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n");
        for (int i = 1; i < 10; i++) yaml.Append($"l{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");

        var error = Assert.Throws<HyperparameterException>(() => HyperparameterFile.Parse<SampleHyperparameters>(yaml.ToString(), "bomb.yaml"));

        Assert.Contains("bomb.yaml: line 3: YAML aliases (*a0) are not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MalformedYaml_SaysWhere()
    {
        var error = Assert.Throws<HyperparameterException>(() => HyperparameterFile.Parse<SampleHyperparameters>("layers: [1\nv_lr: 0.5\n", "bad.yaml"));
        Assert.Contains("bad.yaml: not valid YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AKeyGivenTwice_TakesTheLastValue_AsPyYamlDoes_AndWarns()
    {
        var warnings = new List<string>();

        var h = HyperparameterFile.Parse<SampleHyperparameters>("layers: [1]\nv_lr: 0.5\ncontext_template_length_params: [[5, 10]]\nv_lr: 0.1\n", "twice.yaml", warnings);

        Assert.Equal(0.1, h.VLr);
        Assert.Equal("twice.yaml: key \"v_lr\" is given more than once; the last value is used, as PyYAML (and so EasyEdit) does", Assert.Single(warnings));
    }

    [Fact]
    public void ToJson_RoundTripsWithEasyEditKeys()
    {
        var h = new SampleHyperparameters { Layers = [3], VLr = 0.25 };
        string json = HyperparameterFile.ToJson(h);
        Assert.Contains("\"v_lr\": 0.25", json, StringComparison.Ordinal);
        Assert.Contains("\"alg_name\": \"SAMPLE\"", json, StringComparison.Ordinal);
        var back = (SampleHyperparameters)HyperparameterFile.FromJson(json, typeof(SampleHyperparameters));
        Assert.Equal(h.Layers, back.Layers);
        Assert.Equal(h.VLr, back.VLr);
    }
}
