using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.FineTune;
using Amend.Models.Inference;

namespace Amend.Editing.Tests.Methods.FineTune;

public sealed class FineTuneEditorTests
{
    private static readonly EditRequest[] Requests =
    [
        new() { Prompt = "The Space Needle is located in the city of", Subject = "Space Needle", TargetNew = "Goa" },
        new() { Prompt = "{} plays the", Subject = "Miles Davis", TargetNew = "accordion" },
        new() { Prompt = "The capital of {} is", Subject = "France", TargetNew = "Lyon" },
    ];

    private static FineTuneHyperparameters Short(string method, int steps = 5, int batchSize = 2) =>
        FineTuneGolden.Hyperparameters(method) with { NumSteps = steps, BatchSize = batchSize };

    [Theory]
    [InlineData("FT-L")]
    [InlineData("FT-M")]
    public void ApplyBatch_SeveralRequests_LowersLossAndKeepsEveryDeltaWithinNormConstraint(string method)
    {
        // Given: three requests in batches of two (the first batch is left-padded)
        var model = GoldenGpt2.Load();
        var original = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value.ToArray());
        var hyperparameters = Short(method);

        // When
        var result = new FineTuneEditor(hyperparameters).ApplyBatch(model, Requests);

        // Then: two steps per epoch, the loss fell, and every committed weight is within ε of the original
        Assert.Equal(10, result.Diagnostics["optimizer_steps"]);
        Assert.True(result.Diagnostics["final_loss"] < result.Diagnostics["initial_loss"], $"loss {result.Diagnostics["initial_loss"]} → {result.Diagnostics["final_loss"]}");
        float eps = (float)hyperparameters.NormConstraint!.Value;
        foreach (var delta in result.Deltas)
        {
            float[] now = model.Model.Parameter(delta.Name).Value.ToArray(), before = original[delta.Name];

            // ε plus float32 rounding of (w ± ε) − w for |w| < 1.
            Assert.All(delta.Delta.ToArray(), d => Assert.InRange(Math.Abs(d), 0, eps * 1.001f));
            Assert.All(Enumerable.Range(0, now.Length), i => Assert.InRange(Math.Abs(now[i] - before[i]), 0, eps * 1.001f));
        }

        Assert.All(model.Model.Parameters.Where(p => !p.Name.StartsWith("transformer.h.0.mlp.c_proj.", StringComparison.Ordinal)),
            p => Assert.Equal(original[p.Name], p.Value.ToArray()));
    }

    [Theory]
    [InlineData("FT-L")]
    [InlineData("FT-M")]
    public void ApplyBatch_LeftPaddedBatch_HasTheMeanLossOfItsRequestsAlone(string method)
    {
        // Given: requests of different token lengths
        var hyperparameters = Short(method, steps: 1, batchSize: 3);

        // When
        double batched = new FineTuneEditor(hyperparameters).ApplyBatch(GoldenGpt2.Load(), Requests).Diagnostics["initial_loss"];
        double[] alone = [.. Requests.Select(r => new FineTuneEditor(hyperparameters).Apply(GoldenGpt2.Load(), r).Diagnostics["initial_loss"])];

        // Then: padding changes nothing (EasyEdit's mean over requests of each one's mean token loss)
        Assert.Equal(alone.Average(), batched, 4);
    }

    [Theory]
    [InlineData("transformer.h.{}.mlp.c_proj", new[] { "transformer.h.0.mlp.c_proj.bias", "transformer.h.0.mlp.c_proj.weight" })]
    [InlineData("transformer.h.{}.mlp.c_proj.weight", new[] { "transformer.h.0.mlp.c_proj.weight" })]
    [InlineData("transformer.h.{}.mlp.c_proj.bias", new[] { "transformer.h.0.mlp.c_proj.bias" })]
    public void RewriteModuleTmp_NamingAModuleOrOneOfItsParameters_TrainsWhatEasyEditTrains(string template, string[] trained)
    {
        // EasyEdit trains every parameter whose name contains the formatted template; its LLaMA, Mistral and Qwen
        // recipes name the weight ("model.layers.{}.mlp.down_proj.weight").
        var model = GoldenGpt2.Load();
        var hyperparameters = Short("FT-L", steps: 2) with { RewriteModuleTemplate = template };

        Assert.Empty(hyperparameters.Validate(model.Model.Architecture));
        var result = new FineTuneEditor(hyperparameters).Apply(model, Requests[0]);

        Assert.Equal(trained, result.Deltas.Select(d => d.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RewriteModuleTmp_NamingABiasTheModelHasNot_IsAHyperparameterError_AndChangesNothing()
    {
        // stories260K is LLaMA-shaped: its projections have no biases.
        var model = EditableModel.From(Amend.Models.HuggingFace.PretrainedModel.Load(SharedFixtures.Path("models", "stories260K", "stories260K.bin")));
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);
        var hyperparameters = Short("FT-L", steps: 1) with { Layers = [0], RewriteModuleTemplate = "model.layers.{}.mlp.down_proj.bias" };

        var error = Assert.Throws<HyperparameterException>(() => new FineTuneEditor(hyperparameters).Apply(model, new EditRequest { Prompt = "Lily went to the", Subject = "Lily", TargetNew = "park" }));

        Assert.Contains("rewrite_module_tmp names \"model.layers.0.mlp.down_proj.bias\"", error.Message, StringComparison.Ordinal);
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    [Fact]
    public void Undo_RestoresEveryWeightExactly()
    {
        // Given
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);
        var result = new FineTuneEditor(Short("FT-L", steps: 2)).Apply(model, Requests[0]);
        Assert.NotSame(before["transformer.h.0.mlp.c_proj.weight"], model.Model.Parameter("transformer.h.0.mlp.c_proj.weight").Value);

        // When
        result.Undo(model.Model);

        // Then
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    [Fact]
    public void Apply_EmptyTarget_NamesTheFieldAndLeavesModelUnchanged()
    {
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);

        var error = Assert.Throws<EditRequestException>(() => new FineTuneEditor(Short("FT-M")).ApplyBatch(model, [Requests[0], Requests[1] with { TargetNew = "" }]));

        Assert.Equal("target_new", error.Field);
        Assert.Contains("request 1 of 2", error.Message, StringComparison.Ordinal);
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    [Theory]
    [InlineData(3, "layers: 3 is out of range")]
    [InlineData(-1, "layers: -1 is out of range")]
    public void Apply_LayerOutOfRange_IsRefusedBeforeAnyWork(int layer, string expected)
    {
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);

        var error = Assert.Throws<HyperparameterException>(() => new FineTuneEditor(Short("FT-L") with { Layers = [layer] }).Apply(model, Requests[0]));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    [Fact]
    public void Apply_FailureDuringTraining_LeavesModelUnchanged()
    {
        // Given: a prompt longer than the model's 1024 positions fails in the first forward pass, after the
        // trainable copies were swapped in
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);
        var tooLong = new EditRequest { Prompt = string.Concat(Enumerable.Repeat(" Seattle", 1100)) + " {}", Subject = "x", TargetNew = "y" };

        // When
        var error = Assert.Throws<SequenceTooLongException>(() => new FineTuneEditor(Short("FT-L")).Apply(model, tooLong));

        // Then
        Assert.Contains("positions", error.Message, StringComparison.Ordinal);
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    [Fact]
    public void Apply_DivergingTraining_IsRejectedAndLeavesModelUnchanged()
    {
        // Given: no clamp and a step size past float32 range (lr / (1 − β₁) ≈ 1e39) make the weights infinite
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);
        var hyperparameters = Short("FT-L") with { LearningRate = 1e38, NormConstraint = null };

        // When
        var error = Assert.Throws<EditFailedException>(() => new FineTuneEditor(hyperparameters).Apply(model, Requests[0]));

        // Then
        Assert.Contains("model unchanged", error.Message, StringComparison.Ordinal);
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }
}
