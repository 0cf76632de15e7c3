using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Rome;
using Amend.Editing.Shared;
using Amend.Editing.Statistics;
using Amend.Models.Hooks;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Tests.Methods.Rome;

public sealed class RomeEditorTests
{
    private static readonly RomeGolden Golden = RomeGolden.Load("ROME");

    private static EditOptions Options => new() { ContextTemplates = Golden.Templates };

    [Fact]
    public void Undo_RestoresEveryWeight()
    {
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);

        var result = new RomeEditor(Golden.Hyperparameters).Apply(model, Golden.Request, Options);
        Assert.NotSame(before[RomeGolden.Weight], model.Model.Parameter(RomeGolden.Weight).Value);
        result.Undo(model.Model);

        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    public static TheoryData<string, string, string, string> BadRequests() => new()
    {
        { "The Space Needle is located in", "Eiffel Tower", "subject", "subject" },
        { "The Space Needle is located in", "Space Needle", "", "target_new" },
        { "The {} is in {}", "Space Needle", "Goa", "prompt" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void BadRequest_ThrowsNamingTheField_AndLeavesTheModelUnchanged(string prompt, string subject, string target, string field)
    {
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);
        var request = new EditRequest { Prompt = prompt, Subject = subject, TargetNew = target };

        var error = Assert.Throws<EditRequestException>(() => new RomeEditor(Golden.Hyperparameters).Apply(model, request, Options));

        Assert.Equal(field, error.Field);
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    [Theory]
    [InlineData(new[] { 5 }, "layers: 5 is out of range")]
    [InlineData(new[] { 0, 1 }, "exactly one layer")]
    public void BadLayers_ThrowHyperparameterException_AndLeaveTheModelUnchanged(int[] layers, string expected)
    {
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);

        var error = Assert.Throws<HyperparameterException>(() => new RomeEditor(Golden.Hyperparameters with { Layers = layers }).Apply(model, Golden.Request, Options));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    [Fact]
    public void Validate_NamesEveryBadKey()
    {
        var model = GoldenGpt2.Load();
        var bad = Golden.Hyperparameters with { RewriteModuleTmp = "transformer.h.{}.attn", VLr = 0, FactToken = "middle", Mom2Dtype = "int4" };

        var problems = bad.Validate(model.Model.Architecture);

        Assert.Contains(problems, p => p.StartsWith("rewrite_module_tmp:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("v_lr:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("fact_token", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("mom2_dtype: must be a torch floating-point dtype", StringComparison.Ordinal) && p.EndsWith("got \"int4\"", StringComparison.Ordinal));
        Assert.DoesNotContain((Golden.Hyperparameters with { Mom2Dtype = "float64" }).Validate(model.Model.Architecture), p => p.StartsWith("mom2_dtype", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RefusesInfiniteSearchSettings_ThatWouldMakeTheSearchNaN()
    {
        var model = GoldenGpt2.Load();
        var bad = Golden.Hyperparameters with { VLr = double.PositiveInfinity, VWeightDecay = double.PositiveInfinity, ClampNormFactor = double.PositiveInfinity, KlFactor = double.PositiveInfinity };

        var problems = bad.Validate(model.Model.Architecture);

        Assert.Equal(
            ["v_lr: must be a finite number > 0, got Infinity", "v_weight_decay: must be a finite number ≥ 0, got Infinity", "clamp_norm_factor: must be a finite number > 0, got Infinity", "kl_factor: must be a finite number ≥ 0, got Infinity"],
            problems.Where(p => p.Contains("finite", StringComparison.Ordinal)));
    }

    [Fact]
    public void Mom2AdjustmentWithoutStatistics_TellsHowToProvideThem()
    {
        var model = GoldenGpt2.Load();

        var error = Assert.Throws<InvalidOperationException>(() => new RomeEditor(Golden.Hyperparameters with { Mom2Adjustment = true }).Apply(model, Golden.Request, Options));

        Assert.Contains("--stats-corpus", error.Message, StringComparison.Ordinal);
        Assert.Contains("--stats-dir", error.Message, StringComparison.Ordinal);
        Assert.Contains("amend stats", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonFiniteSecondMoment_FailsTheEdit_AndLeavesTheModelUnchanged()
    {
        // Given a second moment holding a NaN (a corrupt statistics file)
        var model = GoldenGpt2.Load();
        var values = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);
        var moment = new Matrix64(128, 128);
        for (int i = 0; i < 128; i++) moment[i, i] = 1;
        moment[3, 5] = moment[5, 3] = double.NaN;
        var options = Options with { Statistics = new FixedStatistics(new KeyStatistics(1, moment, 1, "nan test moment")) };

        // When the edit is applied, Then it fails as an edit (which a benchmark records and goes on from), naming the solve
        var error = Assert.Throws<EditFailedException>(() => new RomeEditor(Golden.Hyperparameters with { Mom2Adjustment = true }).Apply(model, Golden.Request, options));
        Assert.Contains("left vector", error.Message, StringComparison.Ordinal);
        Assert.All(model.Model.Parameters, p => Assert.Same(values[p.Name], p.Value));
    }

    [Fact]
    public void SingularSecondMoment_IsRegularised_WithAWarning()
    {
        // Given a rank-one (singular) second moment
        var model = GoldenGpt2.Load();
        var k = Enumerable.Range(0, 128).Select(i => Math.Sin(i)).ToArray();
        var moment = new Matrix64(128, 128, [.. Enumerable.Range(0, 128 * 128).Select(i => k[i / 128] * k[i % 128])]);
        var warnings = new List<string>();
        var options = Options with { Statistics = new FixedStatistics(new KeyStatistics(1, moment, 1, "rank-one test moment")), Warnings = warnings };

        // When
        var result = new RomeEditor(Golden.Hyperparameters with { Mom2Adjustment = true }).Apply(model, Golden.Request, options);

        // Then
        Assert.Single(result.Deltas);
        Assert.Contains(warnings, w => w.Contains("rank-one test moment", StringComparison.Ordinal));
    }

    [Fact]
    public void RRome_MapsTheMeanTemplateKeyToTheOptimisedValue()
    {
        // Given R-ROME (consistent keys) and the v* its optimisation finds
        var model = GoldenGpt2.Load();
        string yaml = File.ReadAllText(GoldenGpt2.Reference("ROME", "hparams.yaml")).Replace("alg_name: ROME", "alg_name: R-ROME", StringComparison.Ordinal);
        var h = HyperparameterFile.Parse<RRomeHyperparameters>(yaml, "r-rome.yaml");
        string template = Golden.Request.Template;
        int[] target = model.EncodeContinuation(" " + Golden.Request.TargetNew);
        var settings = new ValueOptimizerSettings(HookPoint.Mlp(1), 2, h.VNumGradSteps, h.VLr, h.VWeightDecay, h.ClampNormFactor, h.KlFactor);
        var z = ValueOptimizer.Optimize(model.Model, RewritingPrompts.Build(model, template, Golden.Request.Subject, target, Golden.Templates, FactToken.SubjectLast), settings);

        // When
        var result = EditorRegistry.Find("r-rome").Create(h).Apply(model, Golden.Request, Options);

        // Then: the mean of the templated values is now v* = v₀ + δ
        Assert.Equal("R-ROME", result.Method);
        var prompts = Golden.Templates.Select(c => c.Replace("{}", template, StringComparison.Ordinal)).ToList();
        var after = KeyCollector.Collect(model, HookPoint.MlpOutputProjection(1), prompts, Golden.Request.Subject, FactToken.SubjectLast);
        TensorAssert.Close(z.Target, after.MeanValue(), rtol: 1e-3, atol: 1e-3, what: "mean templated value after R-ROME");
    }

    [Fact]
    public void Registry_ReadsAnEasyEditRomeFile()
    {
        var editor = EditorRegistry.Create("rome", GoldenGpt2.Reference("ROME", "hparams.yaml"));

        Assert.IsType<RomeEditor>(editor);
        Assert.Equal("ROME", editor.Method);
        Assert.Equal(typeof(RRomeHyperparameters), EditorRegistry.Find("R-ROME").HyperparametersType);
    }
}
