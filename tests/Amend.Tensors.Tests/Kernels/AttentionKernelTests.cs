namespace Amend.Tensors.Tests.Kernels;

public sealed class AttentionKernelTests
{
    [Fact]
    public void Attention_WithNoKeys_GivesZeros()
    {
        var q = Tensor.Ones(1, 1, 2, 4);

        var output = Tensor.ScaledDotProductAttention(q, Tensor.Zeros(1, 1, 0, 4), Tensor.Zeros(1, 1, 0, 3), causal: false);

        Assert.Equal(new Shape(1, 1, 2, 3), output.Shape);
        Assert.Equal(new float[6], output.ToArray());
    }

    [Fact]
    public void Attention_WithEmptyHeadDimensions_GivesUniformWeightsOrAnEmptyOutput_AndNeedsAFiniteScale()
    {
        var v = Tensor.FromArray([1f, 2, 3, 4, 5, 6, 7, 8], 1, 1, 2, 4);

        // Every score is 0 without query/key coordinates: each query averages the values it sees.
        var averaged = Tensor.ScaledDotProductAttention(Tensor.Zeros(1, 1, 2, 0), Tensor.Zeros(1, 1, 2, 0), v, causal: false, scale: 1f);
        var empty = Tensor.ScaledDotProductAttention(Tensor.Ones(1, 1, 2, 4), Tensor.Ones(1, 1, 2, 4), Tensor.Zeros(1, 1, 2, 0));
        var noScale = Assert.Throws<TensorShapeException>(() => Tensor.ScaledDotProductAttention(Tensor.Zeros(1, 1, 2, 0), Tensor.Zeros(1, 1, 2, 0), v));
        var badScale = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.ScaledDotProductAttention(v, v, v, scale: float.NaN));

        Assert.Equal([3f, 4, 5, 6, 3, 4, 5, 6], averaged.ToArray());
        Assert.Equal(new Shape(1, 1, 2, 0), empty.Shape);
        Assert.Contains("1/√D is undefined", noScale.Message);
        Assert.Contains("finite", badScale.Message);
    }

    [Fact]
    public void CausalGroupedQueryAttention_MatchesNaiveLoops()
    {
        // Given 4 query heads sharing 2 kv heads, and a value dim unlike the key dim
        var random = new Random(1);
        var q = Tensor.Randn(new Shape(2, 4, 5, 8), random);
        var k = Tensor.Randn(new Shape(2, 2, 5, 8), random);
        var v = Tensor.Randn(new Shape(2, 2, 5, 6), random);

        // When
        var output = Tensor.ScaledDotProductAttention(q, k, v);

        // Then
        Assert.Equal(new Shape(2, 4, 5, 6), output.Shape);
        TensorAssert.Close(NaiveAttention.Forward(q, k, v, null, causal: true), output.ToArray(), rtol: 1e-5, atol: 1e-6, "attention");
    }

    [Fact]
    public void NonCausalAttention_WithExplicitScale_MatchesNaiveLoops()
    {
        var random = new Random(2);
        var q = Tensor.Randn(new Shape(1, 3, 4, 5), random);
        var k = Tensor.Randn(new Shape(1, 3, 6, 5), random);
        var v = Tensor.Randn(new Shape(1, 3, 6, 5), random);

        var output = Tensor.ScaledDotProductAttention(q, k, v, causal: false, scale: 0.3f);

        TensorAssert.Close(NaiveAttention.Forward(q, k, v, null, causal: false, scale: 0.3f), output.ToArray(), rtol: 1e-5, atol: 1e-6, "attention");
    }

    [Fact]
    public void CausalAttention_WithKvCachePrefix_EqualsTheLastRowsOfTheFullSequence()
    {
        // Given keys and values for 7 positions, and queries for all 7
        var random = new Random(3);
        var q = Tensor.Randn(new Shape(1, 2, 7, 4), random);
        var k = Tensor.Randn(new Shape(1, 2, 7, 4), random);
        var v = Tensor.Randn(new Shape(1, 2, 7, 4), random);

        // When only the last 2 queries attend (query t sees keys ≤ t + 5)
        var cached = Tensor.ScaledDotProductAttention(q.Narrow(2, 5, 2), k, v);
        var full = Tensor.ScaledDotProductAttention(q, k, v);

        // Then
        TensorAssert.Close(full.Narrow(2, 5, 2).Contiguous(), cached, rtol: 1e-6, atol: 1e-6);
        TensorAssert.Close(NaiveAttention.Forward(q.Narrow(2, 5, 2).Contiguous(), k, v, null, causal: true), cached.ToArray(), rtol: 1e-5, atol: 1e-6);
    }

    [Fact]
    public void PaddingMask_HidesKeys_AndAFullyMaskedQueryGetsZeros()
    {
        // Given left padding: batch row 0 has its first 2 positions padded, row 1 none
        var random = new Random(4);
        var q = Tensor.Randn(new Shape(2, 2, 4, 3), random);
        var k = Tensor.Randn(new Shape(2, 1, 4, 3), random);
        var v = Tensor.Randn(new Shape(2, 1, 4, 3), random);
        var mask = Tensor.FromArray([0f, 0f, 1f, 1f, 1f, 1f, 1f, 1f], 2, 4);

        // When
        var output = Tensor.ScaledDotProductAttention(q, k, v, mask);

        // Then: pad queries 0 and 1 of row 0 see only padding under the causal mask, so they are 0, not NaN
        var values = output.ToArray();
        Assert.All(values, value => Assert.False(float.IsNaN(value)));
        TensorAssert.Close(NaiveAttention.Forward(q, k, v, mask, causal: true), values, rtol: 1e-5, atol: 1e-6, "masked attention");
        Assert.All(output.Narrow(0, 0, 1).Narrow(2, 0, 2).ToArray(), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void Attention_ReadsTransposedQueryViewsInPlace_LikeTheirCopies()
    {
        // Given q laid out (B, T, H, D) as a model's projection produces it, viewed as (B, H, T, D)
        var random = new Random(5);
        var qBthd = Tensor.Randn(new Shape(2, 5, 4, 8), random);
        var k = Tensor.Randn(new Shape(2, 2, 5, 8), random);
        var v = Tensor.Randn(new Shape(2, 2, 5, 8), random);

        var viaView = Tensor.ScaledDotProductAttention(qBthd.Transpose(1, 2), k, v);
        var viaCopy = Tensor.ScaledDotProductAttention(qBthd.Transpose(1, 2).Contiguous(), k, v);

        TensorAssert.Close(viaCopy, viaView, rtol: 1e-6, atol: 1e-7);
    }

    [Fact]
    public void Attention_OverManyHeads_SplitAcrossThreads_MatchesNaiveLoops()
    {
        var random = new Random(6);
        var q = Tensor.Randn(new Shape(2, 8, 48, 32), random);
        var k = Tensor.Randn(new Shape(2, 4, 48, 32), random);
        var v = Tensor.Randn(new Shape(2, 4, 48, 32), random);

        var output = Tensor.ScaledDotProductAttention(q, k, v);

        TensorAssert.Close(NaiveAttention.Forward(q, k, v, null, causal: true), output.ToArray(), rtol: 1e-5, atol: 1e-5, "attention");
    }

    [Theory]
    [InlineData(new[] { 1, 3, 4, 8 }, new[] { 1, 2, 4, 8 }, new[] { 1, 2, 4, 8 }, "multiple of key/value heads")]
    [InlineData(new[] { 1, 2, 4, 8 }, new[] { 1, 2, 4, 6 }, new[] { 1, 2, 4, 8 }, "head dims differ")]
    [InlineData(new[] { 2, 2, 4, 8 }, new[] { 1, 2, 4, 8 }, new[] { 1, 2, 4, 8 }, "batch sizes differ")]
    [InlineData(new[] { 1, 2, 4, 8 }, new[] { 1, 2, 4, 8 }, new[] { 1, 2, 5, 8 }, "key and value disagree")]
    [InlineData(new[] { 1, 2, 5, 8 }, new[] { 1, 2, 4, 8 }, new[] { 1, 2, 4, 8 }, "at least as many keys as queries")]
    [InlineData(new[] { 2, 4, 8 }, new[] { 1, 2, 4, 8 }, new[] { 1, 2, 4, 8 }, "rank-4")]
    public void Attention_Throws_NamingOpAndShapes_OnInconsistentOperands(int[] qShape, int[] kShape, int[] vShape, string problem)
    {
        var error = Assert.Throws<TensorShapeException>(() => Tensor.ScaledDotProductAttention(Tensor.Zeros(qShape), Tensor.Zeros(kShape), Tensor.Zeros(vShape)));

        Assert.StartsWith("ScaledDotProductAttention:", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.Contains(new Shape(qShape).ToString(), error.Message);
    }

    [Fact]
    public void Attention_Throws_WhenPaddingMaskIsNotBatchByKeys()
    {
        var error = Assert.Throws<TensorShapeException>(() => Tensor.ScaledDotProductAttention(Tensor.Zeros(1, 1, 3, 2), Tensor.Zeros(1, 1, 3, 2), Tensor.Zeros(1, 1, 3, 2), Tensor.Ones(1, 4)));

        Assert.Contains("(1, 4)", error.Message);
    }
}
