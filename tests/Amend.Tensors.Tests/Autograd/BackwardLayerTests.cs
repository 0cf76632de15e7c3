using Amend.Tensors.Tests.Kernels;

namespace Amend.Tensors.Tests.Autograd;

/// <summary>Finite-difference checks of the backward rules of the layer operations (activations, norms, attention, rotary, losses).</summary>
public sealed class BackwardLayerTests
{
    [Fact]
    public void Gelu_Gradient_MatchesFiniteDifferences()
    {
        // d/dx x·Φ(x) = Φ(x) + x·φ(x)
        GradientCheck.Assert(x => x[0].Gelu(), [Tensor.Randn(new Shape(3, 37), new Random(1), std: 2f)]);
    }

    [Fact]
    public void GeluTanh_Gradient_MatchesFiniteDifferences()
    {
        // d/dx x·σ(2u) = s + 2x·s(1 − s)·u'
        GradientCheck.Assert(x => x[0].GeluTanh(), [Tensor.Randn(new Shape(3, 37), new Random(2), std: 2f)]);
    }

    [Fact]
    public void Silu_Gradient_MatchesFiniteDifferences_ThroughATransposedView()
    {
        // d/dx x·σ(x) = σ(x)(1 + x(1 − σ(x)))
        GradientCheck.Assert(x => x[0].TransposeLast().Silu(), [Tensor.Randn(new Shape(5, 19), new Random(3), std: 2f)]);
    }

    [Fact]
    public void Softmax_And_LogSoftmax_Gradients_MatchFiniteDifferences()
    {
        // softmax: dx = y∘(dy − Σ dy∘y); log-softmax: dx = dy − softmax(x)·Σ dy
        GradientCheck.Assert(x => x[0].Softmax(), [Tensor.Randn(new Shape(4, 6), new Random(4))]);
        GradientCheck.Assert(x => x[0].TransposeLast().LogSoftmax(), [Tensor.Randn(new Shape(6, 4), new Random(5))]);
    }

    [Fact]
    public void LayerNorm_Gradients_ForInputWeightAndBias_MatchFiniteDifferences()
    {
        // dx = rstd·(g − mean g − x̂·mean(g∘x̂)) with g = dy∘w; dw = Σ dy∘x̂; db = Σ dy
        var random = new Random(6);
        GradientCheck.Assert(
            x => x[0].Transpose(0, 1).LayerNorm(x[1], x[2]),
            [Tensor.Randn(new Shape(3, 4, 10), random), Tensor.Randn(new Shape(10), random), Tensor.Randn(new Shape(10), random)]);
    }

    [Fact]
    public void LayerNorm_WithoutWeight_Gradients_MatchFiniteDifferences()
    {
        var random = new Random(7);
        GradientCheck.Assert(x => x[0].LayerNorm(null, x[1]), [Tensor.Randn(new Shape(5, 8), random), Tensor.Randn(new Shape(8), random)]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Norms_WithFrozenParameters_GiveTheInputTheSameGradient(bool rms)
    {
        // Frozen weight and bias skip their sums; dx must not change.
        var random = new Random(18);
        var x = Tensor.Randn(new Shape(6, 10), random);
        var w = Tensor.Randn(new Shape(10), random);
        var b = Tensor.Randn(new Shape(10), random);
        var dy = Tensor.Randn(new Shape(6, 10), random);
        Tensor Norm(Tensor x, Tensor w, Tensor b) => rms ? x.RmsNorm(w, 1e-5f) : x.LayerNorm(w, b);

        var (x1, w1, b1) = (x.Detach().RequireGrad(), w.Detach().RequireGrad(), b.Detach().RequireGrad());
        var trained = Norm(x1, w1, b1).Backward(dy);
        var x2 = x.Detach().RequireGrad();
        var frozen = Norm(x2, w, b).Backward(dy);

        Assert.Equal(trained[x1].ToArray(), frozen[x2].ToArray());
        Assert.Equal(1, frozen.Count);
        Assert.Equal(rms ? 2 : 3, trained.Count);
    }

    [Fact]
    public void LayerNorm_OverManyRows_SumsWeightGradientsAcrossThreads()
    {
        // 600 rows take several chunks; dw and db add the chunks' partial sums
        var random = new Random(8);
        var x = Tensor.Randn(new Shape(600, 64), random).RequireGrad();
        var w = Tensor.Randn(new Shape(64), random).RequireGrad();
        var b = Tensor.Randn(new Shape(64), random).RequireGrad();
        var dy = Tensor.Randn(new Shape(600, 64), random);

        var grads = x.LayerNorm(w, b).Backward(dy);

        // db = Σ_rows dy; dw = Σ_rows dy∘x̂
        var (dyv, xhat) = (dy.ToArray(), NaiveReference.LayerNorm(x.ToArray(), 64, null, null, 1e-5));
        var (dw, db) = (new double[64], new double[64]);
        for (int i = 0; i < dyv.Length; i++) (dw[i % 64], db[i % 64]) = (dw[i % 64] + (dyv[i] * xhat[i]), db[i % 64] + dyv[i]);
        TensorAssert.Close(db.Select(v => (float)v).ToArray(), grads[b].ToArray(), rtol: 1e-4, atol: 1e-4, "db");
        TensorAssert.Close(dw.Select(v => (float)v).ToArray(), grads[w].ToArray(), rtol: 1e-4, atol: 1e-4, "dw");
    }

    [Fact]
    public void RmsNorm_Gradients_ForInputAndWeight_MatchFiniteDifferences()
    {
        // dx = rstd·(g − x̂·mean(g∘x̂)) with g = dy∘w; dw = Σ dy∘x̂
        var random = new Random(9);
        GradientCheck.Assert(x => x[0].RmsNorm(x[1], 1e-5f), [Tensor.Randn(new Shape(2, 3, 12), random), Tensor.Randn(new Shape(12), random)]);
    }

    [Fact]
    public void Attention_Gradients_WithGroupedHeadsAndTransposedQuery_MatchFiniteDifferences()
    {
        // dS = P∘(dP − Σ P∘dP)·scale, dP = dout·vᵀ; dq = dS·k, dk = Σ_group dSᵀ·q, dv = Σ_group Pᵀ·dout
        var random = new Random(10);
        GradientCheck.Assert(
            x => Tensor.ScaledDotProductAttention(x[0].Transpose(1, 2), x[1], x[2]),
            [Tensor.Randn(new Shape(2, 4, 4, 3), random), Tensor.Randn(new Shape(2, 2, 4, 3), random), Tensor.Randn(new Shape(2, 2, 4, 5), random)]);
    }

    [Fact]
    public void Attention_Gradients_WithKvCacheAndPaddingMask_MatchFiniteDifferences()
    {
        // Given 2 new queries over 5 keys, the first two keys of batch row 0 padded, one fully masked query head row
        var random = new Random(11);
        var mask = Tensor.FromArray([0f, 0f, 0f, 0f, 1f, 1f, 1f, 1f, 1f, 1f], 2, 5);
        GradientCheck.Assert(
            x => Tensor.ScaledDotProductAttention(x[0], x[1], x[2], mask, scale: 0.7f),
            [Tensor.Randn(new Shape(2, 2, 2, 4), random), Tensor.Randn(new Shape(2, 1, 5, 4), random), Tensor.Randn(new Shape(2, 1, 5, 4), random)]);
    }

    [Fact]
    public void Attention_Gradients_NonCausal_MatchFiniteDifferences()
    {
        var random = new Random(12);
        GradientCheck.Assert(
            x => Tensor.ScaledDotProductAttention(x[0], x[1], x[2], causal: false),
            [Tensor.Randn(new Shape(1, 2, 3, 4), random), Tensor.Randn(new Shape(1, 2, 6, 4), random), Tensor.Randn(new Shape(1, 2, 6, 4), random)]);
    }

    [Theory]
    [InlineData(RotaryLayout.HalfSplit, false)]
    [InlineData(RotaryLayout.Interleaved, false)]
    [InlineData(RotaryLayout.HalfSplit, true)]
    [InlineData(RotaryLayout.Interleaved, true)]
    public void Rotary_Gradient_IsTheInverseRotation_AndMatchesFiniteDifferences(RotaryLayout layout, bool positionsSharedByTheBatch)
    {
        // y = R(p·θ)·x per pair, so dx = R(−p·θ)·dy; partial rotary passes the tail through. Positions: one per token, or T shared.
        var frequencies = RotaryFrequencies.Create(6);
        int[] positions = positionsSharedByTheBatch ? [2, 3, 7] : [1, 2, 3, 5, 8, 13];
        GradientCheck.Assert(
            x => x[0].Transpose(1, 2).ApplyRotary(frequencies, layout, positions),
            [Tensor.Randn(new Shape(2, 3, 2, 10), new Random(13))]);
    }

    [Fact]
    public void CrossEntropy_Gradient_WithIgnoredTargets_MatchesFiniteDifferences()
    {
        // dxₙ = (softmax(xₙ) − onehot(tₙ)) / count; 0 for ignored rows
        GradientCheck.Assert(x => x[0].CrossEntropy([2, -100, 0, 4]), [Tensor.Randn(new Shape(4, 5), new Random(14))]);
        GradientCheck.Assert(x => x[0].CrossEntropy([1, 7, 3, 7], ignoreIndex: 7, reduction: LossReduction.None), [Tensor.Randn(new Shape(2, 2, 5), new Random(15))]);
    }

    [Fact]
    public void KlDivergence_Gradients_ForBothArguments_MatchFiniteDifferences()
    {
        // d/d log p = p·(log p − log q + 1), d/d log q = −p
        var random = new Random(16);
        GradientCheck.Assert(
            x => Tensor.KlDivergence(x[0].LogSoftmax(), x[1].LogSoftmax(), LossReduction.None),
            [Tensor.Randn(new Shape(3, 6), random), Tensor.Randn(new Shape(3, 6), random)]);
    }

    [Fact]
    public void Dropout_Gradient_PassesThroughTheSameMask()
    {
        // dx = dy∘mask; a fresh generator with the same seed redraws the same mask on every call
        GradientCheck.Assert(x => x[0].Dropout(0.3f, training: true, new Random(5)), [Tensor.Randn(new Shape(4, 9), new Random(17))]);
    }
}
