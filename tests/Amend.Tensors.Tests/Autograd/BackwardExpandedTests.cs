using static Amend.Tensors.Tests.Samples;

namespace Amend.Tensors.Tests.Autograd;

/// <summary>
/// Finite-difference checks on inputs that other checks leave out: broadcast (stride-0, from <see cref="Tensor.Expand"/>)
/// operands of the row-wise ops, transposed and narrowed views of the fast paths, and the gradients of degenerate
/// masks and targets.
/// </summary>
public sealed class BackwardExpandedTests
{
    [Fact]
    public void RowWiseOps_OfAnExpandedInput_SumTheGradientOverTheCopies()
    {
        // One row (1, 5) read as three: each op's input gradient is the sum of its three rows' gradients.
        var row = Uniform(40, -1.5f, 1.5f, 1, 5);
        var weight = Uniform(41, 0.5f, 1.5f, 5);
        var bias = Uniform(42, -0.5f, 0.5f, 5);
        GradientCheck.Assert(x => x[0].Expand(new Shape(3, 5)).Softmax(), [row]);
        GradientCheck.Assert(x => x[0].Expand(new Shape(3, 5)).LogSoftmax(), [row]);
        GradientCheck.Assert(x => x[0].Expand(new Shape(3, 5)).LayerNorm(x[1], x[2]), [row, weight, bias]);
        GradientCheck.Assert(x => x[0].Expand(new Shape(3, 5)).RmsNorm(x[1]), [row, weight]);
        GradientCheck.Assert(x => x[0].Expand(new Shape(3, 5)).GeluTanh(), [row]);
        GradientCheck.Assert(x => x[0].Expand(new Shape(3, 5)).Silu(), [row]);
        GradientCheck.Assert(x => Tensor.Cat(0, x[0].Expand(new Shape(2, 5)), x[0]), [row]);
        GradientCheck.Assert(x => x[0].Expand(new Shape(3, 5)).CrossEntropy([4, 0, -100]), [row]);
    }

    [Fact]
    public void Attention_WithKeysAndValuesExpandedOverHeads_AsGroupedQueryByHand()
    {
        // One key/value head expanded to the query's four (head stride 0), read in place.
        var random = new Random(43);
        var query = Tensor.Randn(new Shape(1, 4, 3, 2), random);
        var key = Tensor.Randn(new Shape(1, 1, 3, 2), random);
        var value = Tensor.Randn(new Shape(1, 1, 3, 2), random);
        GradientCheck.Assert(
            x => Tensor.ScaledDotProductAttention(x[0], x[1].Expand(new Shape(1, 4, 3, 2)), x[2].Expand(new Shape(1, 4, 3, 2))),
            [query, key, value]);
    }

    [Fact]
    public void Attention_WithATransposedQueryAndAPaddingMask()
    {
        // The query comes as (B, T, H, D) transposed to (B, H, T, D), as a model's head split leaves it; key 0 is padding.
        var random = new Random(44);
        var query = Tensor.Randn(new Shape(2, 3, 2, 4), random);
        var key = Tensor.Randn(new Shape(2, 2, 3, 4), random);
        var value = Tensor.Randn(new Shape(2, 2, 3, 4), random);
        var mask = Tensor.FromArray([0f, 1f, 1f, 1f, 1f, 1f], 2, 3);
        GradientCheck.Assert(x => Tensor.ScaledDotProductAttention(x[0].Transpose(1, 2), x[1], x[2], mask), [query, key, value]);
    }

    [Fact]
    public void SquareNegAndMean_OfTransposedViews()
    {
        var x = Uniform(45, -1.5f, 1.5f, 4, 3);
        GradientCheck.Assert(t => t[0].TransposeLast().Square(), [x]);
        GradientCheck.Assert(t => t[0].TransposeLast().Neg(), [x]);
        GradientCheck.Assert(t => t[0].TransposeLast().Mean(1), [x]);
        GradientCheck.Assert(t => t[0].TransposeLast().Mean(), [x]);
    }

    [Fact]
    public void Dropout_OfANarrowedView_InTraining()
    {
        // A fresh generator with one seed per call draws the same mask for every finite-difference evaluation.
        var x = Uniform(46, -1f, 1f, 4, 6);
        GradientCheck.Assert(t => t[0].Narrow(1, 1, 4).TransposeLast().Dropout(0.4f, training: true, new Random(3)), [x]);
    }

    [Fact]
    public void IndexSelect_OfRowsNarrowedFromATable_ReadsTheRightRows()
    {
        // Axis 0 of a view that starts past the table's first rows: the row-copy path with a non-zero offset.
        var table = Uniform(47, -1f, 1f, 6, 3);
        GradientCheck.Assert(t => t[0].Narrow(0, 2, 3).IndexSelect(0, [2, 0, 2]), [table]);
        GradientCheck.Assert(t => Tensor.Embedding(t[0].Narrow(0, 1, 4), [3, 1], new Shape(1, 2)), [table]);
    }

    [Fact]
    public void CrossEntropy_WithEveryTargetIgnored_PassesNoGradient()
    {
        var logits = Uniform(48, -1f, 1f, 2, 4).RequireGrad();

        var loss = logits.CrossEntropy([-100, -100], reduction: LossReduction.Sum);
        var gradient = loss.Backward().Get(logits)!.ToArray();

        Assert.Equal(0f, loss.ToArray()[0]);
        Assert.All(gradient, g => Assert.Equal(0f, g));
    }

    [Fact]
    public void Softmax_OfARowMaskedThroughout_IsNaN_AsDocumented()
    {
        var x = Tensor.FromArray([1f, 2f, float.NegativeInfinity, float.NegativeInfinity], 2, 2);

        float[] y = x.Softmax().ToArray();

        Assert.Equal(1f, y[0] + y[1], 1e-6f);
        Assert.True(float.IsNaN(y[2]) && float.IsNaN(y[3]));
    }
}
