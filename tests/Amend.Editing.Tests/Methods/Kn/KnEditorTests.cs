using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Kn;
using Amend.Editing.Tests.CausalTracing;
using Amend.Models.Architectures;
using Amend.Models.Inference;
using Amend.Tensors.Autograd;

namespace Amend.Editing.Tests.Methods.Kn;

public sealed class KnEditorTests
{
    private static readonly KnHyperparameters Settings = HyperparameterFile.Parse<KnHyperparameters>(KnHyperparametersTests.EasyEditGpt2Xl, "gpt2-xl.yaml") with { Steps = 4, BatchSize = 4 };

    public static TheoryData<string> Models() => [TraceModels.Gpt2, TraceModels.Stories];

    [Theory]
    [MemberData(nameof(Models))]
    public void Apply_RaisesTheNewAnswer_AndChangesOnlyOutputProjections(string name)
    {
        // Given
        var (model, request) = Load(name);
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);
        double p0 = Probability(model, request);

        // When
        var result = new KnEditor(Settings).Apply(model, request);

        // Then: the new answer's first token became likelier, and only MLP output projections changed
        double p1 = Probability(model, request);
        Assert.True(p1 > p0, $"p(new) went from {p0} to {p1}");
        Assert.True(result.Diagnostics["neurons"] >= 1);
        Assert.Equal(result.Diagnostics["layers_edited"], result.Deltas.Count);
        Assert.All(result.Deltas, d => Assert.Equal(ModuleRole.MlpOutputProjection, model.Model.Architecture.Resolve(d.Name[..^".weight".Length]).Role));
        Assert.All(model.Model.Parameters.Where(p => result.Deltas.All(d => d.Name != p.Name)), p => Assert.Same(before[p.Name], p.Value));
    }

    [Fact]
    public void Undo_RestoresEveryWeightExactly()
    {
        var (model, request) = Load(TraceModels.Gpt2);
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);
        var result = new KnEditor(Settings).Apply(model, request);
        Assert.NotEmpty(result.Deltas);

        result.Undo(model.Model);

        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    [Fact]
    public void Apply_Refine_AttributesThePromptAndItsRephrasings()
    {
        // Given: the prompt and two rephrasings; a neuron must be chosen by more than 0.5·3 of them
        var (model, request) = Load(TraceModels.Gpt2);
        request = request with { RephrasePrompts = ["The Space Needle stands in", "Where is the Space Needle? In"] };

        // When
        var result = new KnEditor(Settings with { Refine = true, P = 0.5 }).Apply(model, request);

        // Then
        Assert.Equal(3, result.Diagnostics["prompts"]);
        Assert.True(result.Diagnostics["neurons"] <= result.Diagnostics["coarse_neurons"] / 2, $"{result.Diagnostics["neurons"]} refined of {result.Diagnostics["coarse_neurons"]} coarse");
    }

    [Fact]
    public void Apply_WithoutGroundTruth_NamesTheField_AndLeavesTheModelUnchanged()
    {
        var (model, request) = Load(TraceModels.Gpt2);
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);

        var error = Assert.Throws<EditRequestException>(() => new KnEditor(Settings).Apply(model, request with { GroundTruth = null }));

        Assert.Equal("ground_truth", error.Field);
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    [Fact]
    public void Apply_BadHyperparameters_AreRefusedBeforeAnyWork()
    {
        var (model, request) = Load(TraceModels.Gpt2);

        var error = Assert.Throws<HyperparameterException>(() => new KnEditor(Settings with { BatchSize = 3 }).Apply(model, request));

        Assert.Contains("batch_size: must divide steps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_NonFiniteEdit_IsRejected_AndLeavesTheModelUnchanged()
    {
        // Given: a scale past float32 range makes the value vectors infinite
        var (model, request) = Load(TraceModels.Gpt2);
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);

        // When
        var error = Assert.Throws<EditFailedException>(() => new KnEditor(Settings with { LrScale = 1e39 }).Apply(model, request));

        // Then
        Assert.Contains("model unchanged", error.Message, StringComparison.Ordinal);
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    private static (EditableModel Model, EditRequest Request) Load(string name)
    {
        var (model, prompt, subject) = TraceModels.Load(name);
        var (truth, target) = name == TraceModels.Gpt2 ? ("Seattle", "Paris") : ("bird", "dog");
        return (model, new EditRequest { Prompt = prompt, Subject = subject, GroundTruth = truth, TargetNew = target });
    }

    // p(first token of " " + target | prompt) at the prompt's last position.
    private static double Probability(EditableModel model, EditRequest request)
    {
        int[] ids = model.EncodePrompt(request.FilledPrompt);
        int target = model.EncodeContinuation(" " + request.TargetNew)[0];
        using var noGrad = GradMode.Disable();
        var logits = model.Model.Logits(TokenBatch.Single(ids));
        return logits.Narrow(1, ids.Length - 1, 1).Reshape(logits.Shape[2]).Softmax().ToArray()[target];
    }
}
