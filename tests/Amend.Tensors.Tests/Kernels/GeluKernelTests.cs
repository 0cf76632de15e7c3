namespace Amend.Tensors.Tests.Kernels;

public sealed class GeluKernelTests
{
    // 601 points: 37 full 16-lane vectors plus a scalar tail of 9, so both code paths are compared.
    private static readonly float[] s_grid = Enumerable.Range(0, 601).Select(i => -15f + (i * 0.05f)).ToArray();

    [Fact]
    public void Gelu_MatchesXTimesNormalCdf_FromNumericalIntegration()
    {
        // Given x on [−15, 15] and Φ by Simpson integration in float64
        var expected = s_grid.Select(x => (float)(x * NaiveReference.NormalCdf(x))).ToArray();

        // When
        var actual = Tensor.FromArray(s_grid, s_grid.Length).Gelu().ToArray();

        // Then: relative accuracy near float rounding for x ≥ −3, and still 3e-5 deep in the negative tail
        int tail = Array.FindIndex(s_grid, x => x >= -3f);
        TensorAssert.Close(expected.AsSpan(tail), actual.AsSpan(tail), rtol: 1.5e-6, atol: 1e-30, "gelu for x ≥ −3");
        TensorAssert.Close(expected.AsSpan(0, tail), actual.AsSpan(0, tail), rtol: 3e-5, atol: 1e-44, "gelu for x < −3");
    }

    [Fact]
    public void GeluTanh_MatchesHuggingFaceNewGeluFormula()
    {
        // NewGELUActivation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), evaluated in float64
        var expected = s_grid.Select(x => (float)(0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + (0.044715 * Math.Pow(x, 3))))))).ToArray();

        var actual = Tensor.FromArray(s_grid, s_grid.Length).GeluTanh().ToArray();

        TensorAssert.Close(expected, actual, rtol: 2e-6, atol: 1e-7, "gelu_new");
    }

    [Fact]
    public void Gelu_OnALongBuffer_SplitAcrossThreads_MatchesReferenceEverywhere()
    {
        // Given 300 000 elements: many chunks, run on several threads
        var x = Tensor.Randn(new Shape(300_000), new Random(11), std: 3f);
        var values = x.ToArray();

        // When
        var whole = x.Gelu().ToArray();

        // Then: a sample spread over every chunk
        for (int i = 0; i < values.Length; i += 997) Assert.Equal(values[i] * NaiveReference.NormalCdf(values[i]), whole[i], 3e-5 * Math.Abs(whole[i]));
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(1f, 0.841344746f)]
    [InlineData(-1f, -0.158655254f)]
    public void Gelu_HandComputedPoints(float x, float expected)
    {
        Assert.Equal(expected, Tensor.FromArray([x], 1).Gelu().Item(), 6);
    }
}
