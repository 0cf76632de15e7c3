using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.FineTune;

namespace Amend.Editing.Tests.Methods.FineTune;

public sealed class FineTuneHyperparametersTests
{
    private const string Yaml = """
        alg_name: FT
        model_name: gpt2-xl
        device: 0
        layers: [0]
        num_steps: 25
        batch_size: 3
        max_length: 40
        lr: 5e-4
        weight_decay: 0
        kl_factor: 0
        norm_constraint: false
        objective_optimization: "target_new"
        rewrite_module_tmp: "transformer.h.{}.mlp.c_proj"
        layer_module_tmp: "transformer.h.{}"
        mlp_module_tmp: "transformer.h.{}.mlp"
        attn_module_tmp: "transformer.h.{}.attn"
        ln_f_module: "transformer.ln_f"
        lm_head_module: "transformer.wte"
        model_parallel: false

        """;

    [Fact]
    public void Read_GoldenFile_BindsEveryKey()
    {
        var warnings = new List<string>();
        var h = HyperparameterFile.Read<FineTuneHyperparameters>(GoldenGpt2.Reference("FT-L", "hparams.yaml"), warnings);

        Assert.Empty(warnings);
        Assert.Equal([0], h.Layers);
        Assert.Equal((25, 5e-4, 0.0, 5e-4, 1, 40), (h.NumSteps, h.LearningRate, h.WeightDecay, h.NormConstraint, h.BatchSize, h.MaxLength));
        Assert.Equal(FineTuneObjective.PromptLast, h.Objective);
        Assert.Equal("transformer.h.{}.mlp.c_proj", h.RewriteModuleTemplate);
        Assert.Empty(h.Validate(GoldenGpt2.Load().Model.Architecture));
    }

    [Fact]
    public void Parse_NormConstraintFalse_MeansNoClamp_AndSurvivesJson()
    {
        var h = HyperparameterFile.Parse<FineTuneHyperparameters>(Yaml, "ft.yaml");

        Assert.Null(h.NormConstraint);
        Assert.Equal(FineTuneObjective.TargetNew, h.Objective);
        var back = Assert.IsType<FineTuneHyperparameters>(HyperparameterFile.FromJson(HyperparameterFile.ToJson(h), typeof(FineTuneHyperparameters)));
        Assert.Null(back.NormConstraint);
        Assert.Equal(HyperparameterFile.ToJson(h), HyperparameterFile.ToJson(back));
    }

    [Theory]
    [InlineData("\"promptz_last\"")]
    [InlineData("7")]
    [InlineData("1")]
    public void Parse_UnknownObjective_OrANumber_NamesTheKey(string value)
    {
        var error = Assert.Throws<HyperparameterException>(() =>
            HyperparameterFile.Parse<FineTuneHyperparameters>(Yaml.Replace("\"target_new\"", value, StringComparison.Ordinal), "chatglm4.yaml"));

        Assert.Contains("objective_optimization", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingRequiredKey_NamesIt()
    {
        var error = Assert.Throws<HyperparameterException>(() =>
            HyperparameterFile.Parse<FineTuneHyperparameters>(Yaml.Replace("lr: 5e-4\n", string.Empty, StringComparison.Ordinal), "ft.yaml"));

        Assert.Contains("lr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReportsEachBadValueByKey()
    {
        var h = HyperparameterFile.Parse<FineTuneHyperparameters>(Yaml, "ft.yaml") with
        {
            Layers = [7],
            RewriteModuleTemplate = "transformer.h.{}.mlp.down_proj",
            NumSteps = 0,
            NormConstraint = -1,
            BatchSize = 0,
        };

        var problems = h.Validate(GoldenGpt2.Load().Model.Architecture);

        Assert.Equal(["layers", "rewrite_module_tmp", "num_steps", "norm_constraint", "batch_size"], problems.Select(p => p.Split(':')[0]));
    }

    [Theory]
    [InlineData("FT", "FT-L", FineTuneObjective.PromptLast)]
    [InlineData("FT", "FT-M", FineTuneObjective.TargetNew)]
    [InlineData("ft-m", "FT-L", FineTuneObjective.TargetNew)]
    [InlineData("ft-l", "FT-M", FineTuneObjective.PromptLast)]
    public void Registry_FtLAndFtMForceTheirObjective_FtKeepsTheFile(string method, string goldenFile, FineTuneObjective expected)
    {
        var editor = EditorRegistry.Create(method, GoldenGpt2.Reference(goldenFile, "hparams.yaml"));

        var ft = Assert.IsType<FineTuneEditor>(editor);
        Assert.Equal("FT", ft.Method);
        Assert.Equal(expected, ft.Settings.Objective);
    }
}
