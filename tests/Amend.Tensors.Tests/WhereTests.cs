using static Amend.Tensors.Tests.Samples;

namespace Amend.Tensors.Tests;

public sealed class WhereTests
{
    [Fact]
    public void Where_ChoosesByNonzeroCondition_Broadcasting()
    {
        // Given a (2, 1) condition, a (2, 3) tensor and a scalar
        var condition = Tensor.FromArray([1f, 0f], 2, 1);
        var a = Sequence(2, 3);

        var y = Tensor.Where(condition, a, Tensor.Scalar(-1f));

        Assert.Equal([0f, 1f, 2f, -1f, -1f, -1f], y.ToArray());
    }

    [Fact]
    public void MaskedFill_AppliesCausalMask()
    {
        // Given (2, 3, 3) scores and a (3, 3) mask that is 1 above the diagonal
        var scores = Tensor.Ones(2, 3, 3);
        var mask = Tensor.FromArray([0f, 1f, 1f, 0f, 0f, 1f, 0f, 0f, 0f], 3, 3);

        var y = scores.MaskedFill(mask, float.NegativeInfinity).ToArray();

        Assert.Equal([1f, float.NegativeInfinity, float.NegativeInfinity, 1f, 1f, float.NegativeInfinity, 1f, 1f, 1f], y[..9]);
        Assert.Equal(y[..9], y[9..]);
    }

    [Fact]
    public void MaskedFill_Throws_WhenMaskWouldGrowTheTensor()
    {
        var error = Assert.Throws<TensorShapeException>(() => Tensor.Zeros(3).MaskedFill(Tensor.Zeros(2, 3), 0f));

        Assert.StartsWith("MaskedFill: mask (2, 3) does not broadcast to the tensor's shape (3)", error.Message);
    }

    [Fact]
    public void Where_Throws_WhenShapesDoNotBroadcast()
    {
        var error = Assert.Throws<TensorShapeException>(() => Tensor.Where(Tensor.Zeros(2, 3), Tensor.Zeros(3), Tensor.Zeros(4)));

        Assert.StartsWith("Where:", error.Message);
        Assert.Contains("(4)", error.Message);
    }

    [Fact]
    public void Where_Gradients_GoToTheChosenOperand()
    {
        // da = dy where c (summed over a's broadcast axes), db = dy elsewhere
        var condition = Tensor.FromArray([1f, 0f, 1f], 3, 1);
        GradientCheck.Assert(t => Tensor.Where(condition, t[0], t[1]), [Uniform(1, -1f, 1f, 2, 3, 4), Uniform(2, -1f, 1f, 4)]);
    }

    [Fact]
    public void MaskedFill_Gradients_FlowWhereMaskIsZero()
    {
        var mask = Tensor.FromArray([0f, 1f, 1f, 0f], 4);
        GradientCheck.Assert(t => t[0].Transpose(0, 1).MaskedFill(mask, 5f), [Uniform(3, -1f, 1f, 4, 3)]);
    }
}
