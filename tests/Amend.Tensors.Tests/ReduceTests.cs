using static Amend.Tensors.Tests.Samples;

namespace Amend.Tensors.Tests;

public sealed class ReduceTests
{
    [Fact]
    public void Sum_OverEachAxisAndAll()
    {
        // Given [[0, 1, 2], [3, 4, 5]]
        var x = Sequence(2, 3);

        // Then column sums, row sums and the total
        Assert.Equal([3f, 5f, 7f], x.Sum(0).ToArray());
        Assert.Equal([3f, 12f], x.Sum(-1).ToArray());
        Assert.Equal(15f, x.Sum().Item());
        Assert.Equal(Shape.Scalar, x.Sum().Shape);
    }

    [Fact]
    public void Sum_KeepDim_KeepsReducedAxesAsOnes()
    {
        var x = Sequence(2, 3, 4);

        Assert.Equal(new Shape(1, 3, 1), x.Sum([0, 2], keepDim: true).Shape);
        Assert.Equal(new Shape(3), x.Sum([2, 0]).Shape);
        Assert.Equal(new Shape(1, 1, 1), x.Sum([0, 1, 2], keepDim: true).Shape);
    }

    [Theory]
    [InlineData(new[] { 0 })]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 2 })]
    [InlineData(new[] { 0, 1 })]
    [InlineData(new[] { 0, 2 })]
    [InlineData(new[] { 1, 2 })]
    public void Sum_OverAnyAxes_MatchesNaiveReference(int[] axes)
    {
        // Covers the in-place (K, R) and (R, K) layouts and the permuted copy (axes 0 and 2)
        var x = Uniform(1, -1f, 1f, 3, 4, 5);

        TensorAssert.Close(NaiveSum(x, axes), x.Sum(axes).ToArray(), rtol: 1e-6, atol: 1e-6);
        TensorAssert.Close(NaiveSum(x.Permute(2, 0, 1), axes), x.Permute(2, 0, 1).Sum(axes).ToArray(), rtol: 1e-6, atol: 1e-6);
    }

    [Fact]
    public void Sum_OfLargeTensor_OverLeadingAndTrailingAxes_MatchesNaiveReference()
    {
        // 300 × 300 > 2¹⁶: the parallel paths
        var x = Uniform(2, -1f, 1f, 300, 300);

        TensorAssert.Close(NaiveSum(x, 0), x.Sum(0).ToArray(), rtol: 1e-5, atol: 1e-5);
        TensorAssert.Close(NaiveSum(x, 1), x.Sum(1).ToArray(), rtol: 1e-5, atol: 1e-5);
    }

    [Fact]
    public void Mean_DividesByTheReducedCount()
    {
        var x = Sequence(2, 3);

        Assert.Equal([1.5f, 2.5f, 3.5f], x.Mean(0).ToArray());
        Assert.Equal([1f, 4f], x.Mean(1).ToArray());
        Assert.Equal(2.5f, x.Mean().Item());
        Assert.Equal(new Shape(2, 1), x.Mean(1, keepDim: true).Shape);
    }

    [Fact]
    public void Max_ReturnsLargestAlongAxes()
    {
        var x = Tensor.FromArray([3f, -1f, 7f, 2f, 9f, 0f], 2, 3);

        Assert.Equal([3f, 9f, 7f], x.Max(0).ToArray());
        Assert.Equal([7f, 9f], x.Max(1).ToArray());
        Assert.Equal(9f, x.Max().Item());
        Assert.Equal([7f, 9f], x.Transpose(0, 1).Max(0).ToArray());
    }

    [Fact]
    public void ArgMax_GivesFirstLargestPositionPerLine()
    {
        // Given rows with a tie in the first
        var logits = Tensor.FromArray([1f, 5f, 5f, 0f, -2f, -1f, -3f, -4f], 2, 4);

        Assert.Equal([1, 1], logits.ArgMax(-1));
        Assert.Equal([0, 0, 0, 0], logits.ArgMax(0));
        Assert.Equal(1, logits.ArgMax());
    }

    [Fact]
    public void ArgMax_TreatsSignedZerosAsTied_AsTorchDoes()
    {
        // −0 == +0: the first zero is the first maximum, whatever its sign.
        Assert.Equal(0, Tensor.FromArray([-0f, 0f], 2).ArgMax());
        Assert.Equal(1, Tensor.FromArray([-1f, -0f, 0f], 3).ArgMax());
        Assert.Equal(2, Tensor.FromArray([-1f, -2f, 0f], 3).ArgMax());
    }

    [Fact]
    public void Max_Gradient_GoesToFirstMaximumOnTies()
    {
        // y = max over the row [1, 3, 3]: only the first 3 receives dy
        var x = Tensor.FromArray([1f, 3f, 3f], 1, 3).RequireGrad();

        var grads = x.Max(1).Sum().Backward();

        Assert.Equal([0f, 1f, 0f], grads[x].ToArray());
    }

    [Fact]
    public void Max_PropagatesNaN()
    {
        Assert.True(float.IsNaN(Tensor.FromArray([1f, float.NaN, 3f], 3).Max().Item()));
    }

    [Fact]
    public void Reduce_Throws_WhenAxisIsRepeatedOrOutOfRange()
    {
        var x = Tensor.Zeros(2, 3);

        var repeated = Assert.Throws<TensorShapeException>(() => x.Sum([1, -1]));
        var outside = Assert.Throws<TensorShapeException>(() => x.Max(2));

        Assert.StartsWith("Sum: axis -1 given twice", repeated.Message);
        Assert.StartsWith("Max: axis 2 is out of range for shape (2, 3)", outside.Message);
    }

    [Fact]
    public void Max_Throws_OverEmptyAxis()
    {
        var error = Assert.Throws<TensorShapeException>(() => Tensor.Zeros(2, 0).Max(1));

        Assert.Contains("(2, 0)", error.Message);
    }

    [Fact]
    public void SumAndMean_Gradients_MatchFiniteDifferences()
    {
        // Σ: dx = dy broadcast back; mean: dy/n broadcast back
        var x = Uniform(3, -1f, 1f, 2, 3, 4);
        GradientCheck.Assert(t => t[0].Sum([0, 2]), [x]);
        GradientCheck.Assert(t => t[0].Sum(1, keepDim: true) * t[0], [x]);
        GradientCheck.Assert(t => t[0].Mean(-1), [x]);
        GradientCheck.Assert(t => t[0].Mean(), [x]);
    }

    [Fact]
    public void Max_Gradients_MatchFiniteDifferences()
    {
        // dx = dy at the maximum; values 0.1 apart so the step never changes which one it is
        var x = Separated(4, 3, 4, 5);
        GradientCheck.Assert(t => t[0].Max(1), [x]);
        GradientCheck.Assert(t => t[0].Max([0, 2], keepDim: true), [x]);
        GradientCheck.Assert(t => t[0].Max(), [x]);
    }

    [Fact]
    public void Reduce_Gradients_ThroughTransposedInput()
    {
        var x = Separated(5, 4, 3);
        GradientCheck.Assert(t => t[0].Transpose(0, 1).Sum(0), [x]);
        GradientCheck.Assert(t => t[0].Transpose(0, 1).Max(-1), [x]);
    }
}
