using static Amend.Tensors.Tests.Samples;

namespace Amend.Tensors.Tests;

public sealed class ElementwiseTests
{
    [Fact]
    public void Add_SameShape_AddsElementByElement()
    {
        var a = Tensor.FromArray([1f, 2f, 3f, 4f], 2, 2);
        var b = Tensor.FromArray([10f, 20f, 30f, 40f], 2, 2);

        Assert.Equal([11f, 22f, 33f, 44f], (a + b).ToArray());
    }

    [Fact]
    public void Add_BroadcastsLastAxisBias()
    {
        // Given (2, 3) values and a (3) bias
        var x = Sequence(2, 3);
        var bias = Tensor.FromArray([100f, 200f, 300f], 3);

        // When
        var y = x + bias;

        // Then each row gets the bias
        Assert.Equal(new Shape(2, 3), y.Shape);
        Assert.Equal([100f, 201f, 302f, 103f, 204f, 305f], y.ToArray());
    }

    [Fact]
    public void Mul_BroadcastsBothOperands()
    {
        // (2, 1, 4) · (3, 1) -> (2, 3, 4): each operand repeats along the other's axes
        var a = Sequence(2, 1, 4);
        var b = Tensor.FromArray([1f, 10f, 100f], 3, 1);

        var y = a * b;

        Assert.Equal(new Shape(2, 3, 4), y.Shape);
        Assert.Equal([0f, 1f, 2f, 3f, 0f, 10f, 20f, 30f, 0f, 100f, 200f, 300f], y.ToArray()[..12]);
        Assert.Equal(NaiveBinary(a, b, (p, q) => p * q), y.ToArray());
    }

    [Fact]
    public void SubAndDiv_ComputeElementwise()
    {
        var a = Tensor.FromArray([6f, 8f, -3f], 3);
        var b = Tensor.FromArray([2f, 4f, 0.5f], 3);

        Assert.Equal([4f, 4f, -3.5f], (a - b).ToArray());
        Assert.Equal([3f, 2f, -6f], (a / b).ToArray());
    }

    [Fact]
    public void Div_ByZero_FollowsIeee()
    {
        var y = Tensor.FromArray([1f, -1f, 0f], 3) / 0f;

        Assert.Equal([float.PositiveInfinity, float.NegativeInfinity], y.ToArray()[..2]);
        Assert.True(float.IsNaN(y.ToArray()[2]));
    }

    [Fact]
    public void ScalarOperators_WorkOnEitherSide()
    {
        var x = Tensor.FromArray([1f, 2f, 4f], 3);

        Assert.Equal([2f, 3f, 5f], (x + 1f).ToArray());
        Assert.Equal([2f, 3f, 5f], (1f + x).ToArray());
        Assert.Equal([0f, 1f, 3f], (x - 1f).ToArray());
        Assert.Equal([0f, -1f, -3f], (1f - x).ToArray());
        Assert.Equal([3f, 6f, 12f], (x * 3f).ToArray());
        Assert.Equal([3f, 6f, 12f], (3f * x).ToArray());
        Assert.Equal([0.5f, 1f, 2f], (x / 2f).ToArray());
        Assert.Equal([4f, 2f, 1f], (4f / x).ToArray());
        Assert.Equal([-1f, -2f, -4f], (-x).ToArray());
        Assert.Equal([1.5f, 2.5f, 4.5f], x.AddScalar(0.5f).ToArray());
        Assert.Equal([-2f, -4f, -8f], x.MulScalar(-2f).ToArray());
    }

    [Fact]
    public void Add_Throws_WhenShapesDoNotBroadcast()
    {
        var error = Assert.Throws<TensorShapeException>(() => Tensor.Zeros(2, 3).Add(Tensor.Zeros(4)));

        Assert.Equal("Add", error.Op);
        Assert.StartsWith("Add:", error.Message);
        Assert.Contains("(2, 3)", error.Message);
        Assert.Contains("(4)", error.Message);
    }

    [Fact]
    public void Binary_ReadsTransposedNarrowedAndExpandedViews()
    {
        // Given non-contiguous views and their contiguous copies
        var t = Sequence(4, 3).Transpose(0, 1);                    // (3, 4), strides (1, 3)
        var n = Uniform(1, -1f, 1f, 3, 6).Narrow(1, 1, 4);           // (3, 4), row stride 6
        var e = Tensor.FromArray([1f, 2f, 3f], 3, 1).Expand(new Shape(3, 4));

        // Then the results equal those on contiguous copies
        Assert.Equal(NaiveBinary(t, n, (p, q) => p - q), (t - n).ToArray());
        Assert.Equal(NaiveBinary(n, e, (p, q) => p * q), (n * e).ToArray());
        Assert.Equal(NaiveBinary(e, t, (p, q) => p / q), (e / t).ToArray());
    }

    [Fact]
    public void Add_WidensHalfPrecisionInputs()
    {
        var a = Tensor.FromArray([1f, -2.5f, 0.75f], 3).ToDType(DType.BFloat16);
        var b = Tensor.FromArray([0.5f, 0.5f, 0.25f], 3).ToDType(DType.Float16);

        var y = a + b;

        Assert.Equal(DType.Float32, y.DType);
        Assert.Equal([1.5f, -2f, 1f], y.ToArray());
    }

    [Fact]
    public void Mul_OfLargeBroadcastTensors_MatchesNaiveReference()
    {
        // Given 513 × 130 > 2¹⁶ elements: the parallel path, with chunks starting mid-row
        var a = Uniform(2, -1f, 1f, 513, 130);
        var b = Uniform(3, -1f, 1f, 130);
        var c = Uniform(4, -1f, 1f, 513, 1);

        Assert.Equal(NaiveBinary(a, b, (p, q) => p * q), (a * b).ToArray());
        Assert.Equal(NaiveBinary(a.Transpose(0, 1), c.Transpose(0, 1), (p, q) => p + q), (a.Transpose(0, 1) + c.Transpose(0, 1)).ToArray());
    }

    [Fact]
    public void Add_Gradients_SumOverBroadcastAxes()
    {
        // da = dy, db = Σ dy over the axes b was broadcast along
        GradientCheck.Assert(x => x[0] + x[1], [Uniform(5, -1f, 1f, 2, 3, 4), Uniform(6, -1f, 1f, 4)]);
    }

    [Fact]
    public void Sub_Gradients_MatchFiniteDifferences()
    {
        // da = dy, db = -dy summed to b's shape
        GradientCheck.Assert(x => x[0] - x[1], [Uniform(7, -1f, 1f, 2, 3, 1), Uniform(8, -1f, 1f, 4)]);
    }

    [Fact]
    public void Mul_Gradients_WithBothOperandsBroadcast()
    {
        // da = Σ dy·b, db = Σ dy·a over the broadcast axes
        GradientCheck.Assert(x => x[0] * x[1], [Uniform(9, -1f, 1f, 2, 1, 4), Uniform(10, -1f, 1f, 3, 1)]);
    }

    [Fact]
    public void Div_Gradients_MatchFiniteDifferences()
    {
        // da = dy/b, db = -dy·a/b²; b in [0.5, 1.5] keeps 1/b smooth over the step
        GradientCheck.Assert(x => x[0] / x[1], [Uniform(11, -1f, 1f, 3, 4), Uniform(12, 0.5f, 1.5f, 4)]);
    }

    [Fact]
    public void ScalarOps_Gradients_MatchFiniteDifferences()
    {
        // d(3 - 2x/4 + 1)/dx = -1/2 everywhere; d(2/x)/dx = -2/x²
        GradientCheck.Assert(x => 3f - (2f * x[0] / 4f) + 1f + (2f / x[1]), [Uniform(13, -1f, 1f, 2, 3), Uniform(14, 0.5f, 1.5f, 2, 3)]);
    }

    [Fact]
    public void Binary_Gradients_ThroughNonContiguousViews()
    {
        // Transposed, narrowed and expanded operands: the view backward rules route dy back
        GradientCheck.Assert(
            x => (x[0].Transpose(0, 1) * x[1].Narrow(1, 1, 4)) + x[2].Expand(new Shape(3, 4)),
            [Uniform(15, -1f, 1f, 4, 3), Uniform(16, -1f, 1f, 3, 6), Uniform(17, -1f, 1f, 3, 1)]);
    }

    [Fact]
    public void Mul_OfATensorWithItself_AccumulatesBothGradients()
    {
        // y = x·x: dy/dx = 2x, reaching x through both inputs
        var x = Tensor.FromArray([1f, -3f], 2).RequireGrad();

        var grads = (x * x).Sum().Backward();

        Assert.Equal([2f, -6f], grads[x].ToArray());
    }
}
