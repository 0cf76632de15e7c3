using static Amend.Tensors.Tests.Samples;

namespace Amend.Tensors.Tests;

public sealed class JoinTests
{
    [Fact]
    public void Cat_JoinsAlongAnAxis()
    {
        var a = Sequence(2, 2);
        var b = Tensor.FromArray([10f, 11f], 2, 1);

        Assert.Equal([0f, 1f, 10f, 2f, 3f, 11f], Tensor.Cat(1, a, b).ToArray());
        Assert.Equal([0f, 1f, 2f, 3f, 0f, 1f, 2f, 3f], Tensor.Cat(0, a, a).ToArray());
        Assert.Equal(new Shape(2, 3), Tensor.Cat(-1, a, b).Shape);
    }

    [Fact]
    public void Cat_ReadsNonContiguousInputs()
    {
        var t = Sequence(2, 3).Transpose(0, 1);   // (3, 2): [[0, 3], [1, 4], [2, 5]]
        var n = Sequence(3, 4).Narrow(1, 2, 1);   // (3, 1): [2, 6, 10]

        Assert.Equal([0f, 3f, 2f, 1f, 4f, 6f, 2f, 5f, 10f], Tensor.Cat(1, t, n).ToArray());
    }

    [Fact]
    public void Cat_Throws_WhenOtherAxesDisagree()
    {
        var error = Assert.Throws<TensorShapeException>(() => Tensor.Cat(0, Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)));

        Assert.StartsWith("Cat: tensor 1 has shape (2, 4) but tensor 0 has (2, 3)", error.Message);
        Assert.Throws<TensorShapeException>(() => Tensor.Cat(0));
    }

    [Fact]
    public void Stack_AddsANewAxis()
    {
        var a = Tensor.FromArray([1f, 2f], 2);
        var b = Tensor.FromArray([3f, 4f], 2);

        Assert.Equal(new Shape(2, 2), Tensor.Stack(0, a, b).Shape);
        Assert.Equal([1f, 2f, 3f, 4f], Tensor.Stack(0, a, b).ToArray());
        Assert.Equal([1f, 3f, 2f, 4f], Tensor.Stack(-1, a, b).ToArray());
    }

    [Fact]
    public void Stack_Throws_WhenShapesDifferOrAxisIsOutOfRange()
    {
        var shapes = Assert.Throws<TensorShapeException>(() => Tensor.Stack(0, Tensor.Zeros(2), Tensor.Zeros(3)));
        var axis = Assert.Throws<TensorShapeException>(() => Tensor.Stack(2, Tensor.Zeros(2), Tensor.Zeros(2)));

        Assert.StartsWith("Stack: tensor 1 has shape (3)", shapes.Message);
        Assert.StartsWith("Stack: axis 2 is out of range", axis.Message);
    }

    [Fact]
    public void Cat_Gradients_SplitAmongInputs()
    {
        // dxᵢ = dy's slice where xᵢ was placed; one input transposed
        GradientCheck.Assert(
            t => Tensor.Cat(1, t[0], t[1].Transpose(0, 1), t[2]),
            [Uniform(1, -1f, 1f, 2, 3), Uniform(2, -1f, 1f, 1, 2), Uniform(3, -1f, 1f, 2, 2)]);
    }

    [Fact]
    public void Stack_Gradients_SplitAmongInputs()
    {
        GradientCheck.Assert(t => Tensor.Stack(1, t[0], t[1]) * t[0].Unsqueeze(1), [Uniform(4, -1f, 1f, 3, 2), Uniform(5, -1f, 1f, 3, 2)]);
    }
}
