using static Amend.Tensors.Tests.Samples;

namespace Amend.Tensors.Tests.Autograd;

/// <summary>
/// Finite-difference checks of backward rules on strided inputs (transposed or narrowed views, read in place), and of
/// the variants the per-op checks leave out: broadcast numerators, optional affine parameters, summed and
/// averaged losses.
/// </summary>
public sealed class BackwardStridedTests
{
    [Fact]
    public void MatMul_OfTwoBatches_ReadInPlaceAsTransposedOrNarrowedViews()
    {
        // A batch read transposed in place, times a batch whose rows are a narrowed window of a wider tensor.
        var random = new Random(21);
        GradientCheck.Assert(
            x => x[0].TransposeLast().MatMul(x[1].Narrow(2, 1, 3)),
            [Tensor.Randn(new Shape(2, 4, 3), random), Tensor.Randn(new Shape(2, 4, 5), random)]);
    }

    [Fact]
    public void MatMul_WithATransposedSharedWeight()
    {
        var random = new Random(22);
        GradientCheck.Assert(
            x => x[0].Narrow(1, 1, 2).MatMul(x[1].TransposeLast()),
            [Tensor.Randn(new Shape(2, 3, 4), random), Tensor.Randn(new Shape(5, 4), random)]);
    }

    [Fact]
    public void SubAndDiv_WithABroadcastNumeratorAndTransposedOperands()
    {
        // a/b with a broadcast along rows; b − a transposed.
        GradientCheck.Assert(x => x[0] / x[1].TransposeLast(), [Uniform(23, -1f, 1f, 4), Uniform(24, 0.5f, 1.5f, 4, 3)]);
        GradientCheck.Assert(x => x[1].TransposeLast() - x[0], [Uniform(25, -1f, 1f, 3, 1), Uniform(26, -1f, 1f, 4, 3)]);
    }

    [Fact]
    public void UnaryFunctions_OfATransposedView()
    {
        var smooth = Uniform(27, -1.5f, 1.5f, 4, 3);
        GradientCheck.Assert(t => t[0].TransposeLast().Exp(), [smooth]);
        GradientCheck.Assert(t => t[0].TransposeLast().Sigmoid(), [smooth]);
        GradientCheck.Assert(t => t[0].TransposeLast().Pow(3f), [smooth]);

        var positive = Uniform(28, 0.5f, 2f, 4, 3);
        GradientCheck.Assert(t => t[0].TransposeLast().Log(), [positive]);
        GradientCheck.Assert(t => t[0].TransposeLast().Sqrt(), [positive]);

        var kinked = AwayFromZero(29, 4, 3);
        GradientCheck.Assert(t => t[0].TransposeLast().Relu(), [kinked]);
        GradientCheck.Assert(t => t[0].TransposeLast().Abs(), [kinked]);

        // Both sides of the clamp's bounds, each value at least 0.1 from a kink (±0.7): gradient 1 inside, 0 outside.
        var straddling = Tensor.FromArray([-1.1f, -0.9f, -0.5f, -0.3f, 0.25f, 0.45f, 0.6f, 0.8f, 1.0f, -0.4f, 0.35f, -1.3f], 4, 3);
        GradientCheck.Assert(t => t[0].TransposeLast().Clamp(-0.7f, 0.7f), [straddling]);
    }

    [Fact]
    public void Activations_OfNarrowedViews()
    {
        var x = Tensor.Randn(new Shape(3, 40), new Random(30), std: 2f);
        GradientCheck.Assert(t => t[0].Narrow(1, 3, 33).Gelu(), [x]);
        GradientCheck.Assert(t => t[0].Narrow(1, 3, 33).GeluTanh(), [x]);
        GradientCheck.Assert(t => t[0].TransposeLast().Softmax(), [Tensor.Randn(new Shape(6, 4), new Random(31))]);
    }

    [Fact]
    public void Norms_OfTransposedInputs_WithEveryChoiceOfAffineParameters()
    {
        var random = new Random(32);
        GradientCheck.Assert(t => t[0].TransposeLast().LayerNorm(null, null), [Tensor.Randn(new Shape(5, 8), random)]);
        GradientCheck.Assert(t => t[0].Narrow(1, 1, 5).LayerNorm(t[1], null), [Tensor.Randn(new Shape(6, 7), random), Tensor.Randn(new Shape(5), random)]);
        GradientCheck.Assert(t => t[0].TransposeLast().RmsNorm(t[1], 1e-5f), [Tensor.Randn(new Shape(5, 4), random), Tensor.Randn(new Shape(5), random)]);
    }

    [Fact]
    public void Attention_WithKeysAndValuesTransposedFromTokenMajorLayout()
    {
        // (B, S, H, D) projections viewed as (B, H, S, D), as a model splits its heads.
        var random = new Random(33);
        GradientCheck.Assert(
            x => Tensor.ScaledDotProductAttention(x[0].Transpose(1, 2), x[1].Transpose(1, 2), x[2].Transpose(1, 2)),
            [Tensor.Randn(new Shape(2, 3, 2, 4), random), Tensor.Randn(new Shape(2, 3, 2, 4), random), Tensor.Randn(new Shape(2, 3, 2, 4), random)]);
    }

    [Fact]
    public void Losses_OfTransposedInputs_SummedAndAveraged()
    {
        var random = new Random(35);
        GradientCheck.Assert(x => x[0].TransposeLast().CrossEntropy([1, 0, 3], reduction: LossReduction.Sum), [Tensor.Randn(new Shape(4, 3), random)]);
        GradientCheck.Assert(
            x => Tensor.KlDivergence(x[0].TransposeLast().LogSoftmax(), x[1].LogSoftmax(), LossReduction.Mean),
            [Tensor.Randn(new Shape(5, 3), random), Tensor.Randn(new Shape(3, 5), random)]);
        GradientCheck.Assert(
            x => Tensor.KlDivergence(x[0].LogSoftmax(), x[1].LogSoftmax(), LossReduction.Sum),
            [Tensor.Randn(new Shape(2, 4), random), Tensor.Randn(new Shape(2, 4), random)]);
    }

    [Fact]
    public void Indexing_OfTransposedTensors()
    {
        GradientCheck.Assert(
            t => t[0].TransposeLast().ScatterAdd(0, [2, 0, 2], t[1].TransposeLast()),
            [Uniform(36, -1f, 1f, 4, 3), Uniform(37, -1f, 1f, 4, 3)]);
        GradientCheck.Assert(t => Tensor.Embedding(t[0].TransposeLast(), [4, 1, 1, 0], new Shape(2, 2)), [Uniform(38, -1f, 1f, 3, 5)]);
    }
}
