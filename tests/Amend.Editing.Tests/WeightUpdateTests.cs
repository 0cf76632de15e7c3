
namespace Amend.Editing.Tests;

public sealed class WeightUpdateTests
{
    private const string Weight = "transformer.h.1.mlp.c_proj.weight";


    private static readonly EditRequest Request = new() { Prompt = "a {} b", Subject = "x", TargetNew = "y" };

    [Fact]
    public void Commit_AddsDelta_AndUndoRestoresTheSameTensor()
    {
        // Given
        var model = GoldenGpt2.Load().Model;
        var original = model.Parameter(Weight).Value;
        var delta = Tensor.Full(original.Shape, 0.25f);

        // When
        var result = WeightUpdate.Commit(model, "TEST", new TestHyperparameters(), [Request], [new ParameterDelta(Weight, delta)]);

        // Then
        float[] before = original.ToArray(), after = model.Parameter(Weight).Value.ToArray();
        Assert.All(Enumerable.Range(0, before.Length), i => Assert.Equal(before[i] + 0.25f, after[i]));
        result.Undo(model);
        Assert.Same(original, model.Parameter(Weight).Value);
    }

    [Fact]
    public void Commit_RejectsNonFiniteDelta_AndLeavesEveryWeightUnchanged()
    {
        var model = GoldenGpt2.Load().Model;
        var values = model.Parameters.ToDictionary(p => p.Name, p => p.Value);
        var good = new ParameterDelta("transformer.h.0.mlp.c_proj.weight", Tensor.Zeros(model.Parameter("transformer.h.0.mlp.c_proj.weight").Shape));
        var bad = Tensor.Zeros(model.Parameter(Weight).Shape).ToArray();
        bad[7] = float.NaN;

        var error = Assert.Throws<EditFailedException>(() =>
            WeightUpdate.Commit(model, "TEST", new TestHyperparameters(), [Request], [good, new ParameterDelta(Weight, Tensor.Wrap(bad, model.Parameter(Weight).Shape))]));

        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
        Assert.All(model.Parameters, p => Assert.Same(values[p.Name], p.Value));
    }

    [Theory]
    [InlineData(DType.Float16, 70_000f)]
    [InlineData(DType.BFloat16, 3.4e38f)]
    public void Commit_RejectsADeltaThatOverflowsTheWeightsHalfPrecision_AndLeavesItUnchanged(DType dtype, float big)
    {
        // Given a half-precision weight, and a delta finite in float32 but beyond the weight's range once stored
        var model = GoldenGpt2.Load().Model;
        var weight = model.Parameter(Weight);
        weight.Value = weight.Value.ToDType(dtype);
        var original = weight.Value;
        var delta = Tensor.Zeros(original.Shape).ToArray();
        delta[3] = big;

        // When it is committed, Then it is refused, naming the dtype, and the weight is the same tensor
        var error = Assert.Throws<EditFailedException>(() =>
            WeightUpdate.Commit(model, "TEST", new TestHyperparameters(), [Request], [new ParameterDelta(Weight, Tensor.Wrap(delta, original.Shape))]));
        Assert.Contains($"at flat index 3, beyond {dtype}'s range", error.Message, StringComparison.Ordinal);
        Assert.Same(original, weight.Value);
    }

    [Fact]
    public void Commit_RejectsWrongShapeAndUnknownName()
    {
        var model = GoldenGpt2.Load().Model;
        Assert.Throws<EditFailedException>(() => WeightUpdate.Commit(model, "TEST", new TestHyperparameters(), [Request], [new ParameterDelta(Weight, Tensor.Zeros(2, 2))]));
        Assert.Throws<EditFailedException>(() => WeightUpdate.Commit(model, "TEST", new TestHyperparameters(), [Request], [new ParameterDelta("no.such.weight", Tensor.Zeros(2, 2))]));
    }

    [Fact]
    public void Undo_RefusesWhenALaterEditChangedTheWeight()
    {
        var model = GoldenGpt2.Load().Model;
        var shape = model.Parameter(Weight).Shape;
        var original = model.Parameter(Weight).Value;
        var first = WeightUpdate.Commit(model, "TEST", new TestHyperparameters(), [Request], [new ParameterDelta(Weight, Tensor.Full(shape, 1f))]);
        var second = WeightUpdate.Commit(model, "TEST", new TestHyperparameters(), [Request], [new ParameterDelta(Weight, Tensor.Full(shape, 1f))]);

        Assert.Throws<InvalidOperationException>(() => first.Undo(model));
        second.Undo(model);
        first.Undo(model);
        Assert.False(first.IsCurrent(model));
        Assert.Same(original, model.Parameter(Weight).Value);
    }
}
