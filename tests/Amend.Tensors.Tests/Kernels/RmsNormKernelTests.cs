namespace Amend.Tensors.Tests.Kernels;

public sealed class RmsNormKernelTests
{
    [Fact]
    public void RmsNorm_MatchesLlamaFormulaInFloat64()
    {
        // y = x / √(mean(x²) + eps) · w
        var random = new Random(1);
        var x = Tensor.Randn(new Shape(3, 5, 40), random, std: 3f);
        var w = Tensor.Randn(new Shape(40), random);

        var y = x.RmsNorm(w, 1e-6f);

        TensorAssert.Close(NaiveReference.RmsNorm(x.ToArray(), 40, w.ToArray(), 1e-6), y.ToArray(), rtol: 1e-5, atol: 1e-6, "rms_norm");
    }

    [Fact]
    public void RmsNorm_HandComputedRow()
    {
        // x = (3, 4): mean(x²) = 12.5, so y = x / √12.5 · w with w = (1, 2)
        var y = Tensor.FromArray([3f, 4f], 1, 2).RmsNorm(Tensor.FromArray([1f, 2f], 2), 0f).ToArray();

        Assert.Equal(3 / Math.Sqrt(12.5), y[0], 6);
        Assert.Equal(8 / Math.Sqrt(12.5), y[1], 6);
    }

    [Fact]
    public void RmsNorm_Throws_NamingShapes_WhenWeightDoesNotMatchLastAxis()
    {
        var error = Assert.Throws<TensorShapeException>(() => Tensor.Zeros(4, 6).RmsNorm(Tensor.Ones(4)));

        Assert.StartsWith("RmsNorm:", error.Message);
        Assert.Contains("(4, 6)", error.Message);
    }
}
