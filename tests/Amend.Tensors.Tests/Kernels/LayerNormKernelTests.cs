namespace Amend.Tensors.Tests.Kernels;

public sealed class LayerNormKernelTests
{
    [Fact]
    public void LayerNorm_MatchesNaiveFloat64Formula()
    {
        // Given rows far from zero mean, where a one-pass variance would lose digits
        var random = new Random(1);
        var x = Tensor.Randn(new Shape(2, 3, 48), random, std: 2f).ToArray().Select(v => v + 300f).ToArray();
        var w = Tensor.Randn(new Shape(48), random).ToArray();
        var b = Tensor.Randn(new Shape(48), random).ToArray();

        // When
        var y = Tensor.FromArray(x, 2, 3, 48).LayerNorm(Tensor.FromArray(w, 48), Tensor.FromArray(b, 48), 1e-5f);

        // Then
        TensorAssert.Close(NaiveReference.LayerNorm(x, 48, w, b, 1e-5), y.ToArray(), rtol: 1e-4, atol: 1e-4, "layer_norm");
    }

    [Fact]
    public void LayerNorm_WithoutAffineParameters_GivesZeroMeanUnitVarianceRows()
    {
        var x = Tensor.Randn(new Shape(6, 64), new Random(2), std: 5f);

        var y = x.LayerNorm(null, null, 0f).ToArray();

        TensorAssert.Close(NaiveReference.LayerNorm(x.ToArray(), 64, null, null, 0), y, rtol: 1e-5, atol: 1e-5, "layer_norm");
        for (int r = 0; r < 6; r++)
        {
            var row = y.Skip(r * 64).Take(64).ToArray();
            Assert.Equal(0, row.Average(v => (double)v), 5);
            Assert.Equal(1, row.Average(v => (double)v * v), 4);
        }
    }

    [Fact]
    public void LayerNorm_OfLargeInput_SplitAcrossThreads_MatchesNaive_AndRepeatsBitForBit()
    {
        var random = new Random(3);
        var x = Tensor.Randn(new Shape(700, 96), random);
        var w = Tensor.Randn(new Shape(96), random);

        var first = x.LayerNorm(w, null);
        var second = x.LayerNorm(w, null);

        TensorAssert.Close(NaiveReference.LayerNorm(x.ToArray(), 96, w.ToArray(), null, 1e-5), first.ToArray(), rtol: 1e-5, atol: 1e-5, "layer_norm");
        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public void LayerNorm_Throws_NamingShapes_WhenWeightDoesNotMatchLastAxis()
    {
        var error = Assert.Throws<TensorShapeException>(() => Tensor.Zeros(2, 8).LayerNorm(Tensor.Ones(7), null));

        Assert.StartsWith("LayerNorm:", error.Message);
        Assert.Contains("(7)", error.Message);
        Assert.Contains("(2, 8)", error.Message);
    }
}
