namespace Amend.Tensors.Tests.Kernels;

public sealed class KlDivergenceKernelTests
{
    [Fact]
    public void KlDivergence_MatchesSumOfPTimesLogRatio()
    {
        // Given two rows of distributions P (reference) and Q
        var random = new Random(1);
        var logP = Tensor.Randn(new Shape(2, 9), random).LogSoftmax();
        var logQ = Tensor.Randn(new Shape(2, 9), random).LogSoftmax();
        var (lp, lq) = (logP.ToArray(), logQ.ToArray());
        var expected = new double[2];
        for (int i = 0; i < lp.Length; i++) expected[i / 9] += Math.Exp(lp[i]) * (lp[i] - lq[i]);

        // When
        var none = Tensor.KlDivergence(logP, logQ, LossReduction.None).ToArray();
        float mean = Tensor.KlDivergence(logP, logQ).Item();

        // Then
        TensorAssert.Close(expected.Select(v => (float)v).ToArray(), none, rtol: 1e-5, atol: 1e-6, "kl per row");
        Assert.Equal(expected.Average(), mean, 1e-6);
        Assert.All(none, v => Assert.True(v >= 0));
    }

    [Fact]
    public void KlDivergence_OfADistributionWithItself_IsZero()
    {
        var logP = Tensor.Randn(new Shape(3, 5), new Random(2)).LogSoftmax();

        Assert.Equal(0f, Tensor.KlDivergence(logP, logP, LossReduction.Sum).Item());
    }

    [Fact]
    public void KlDivergence_CountsZeroProbabilityTermsAsZero()
    {
        // p = (1, 0): KL = 1·(0 − log 0.25), the p = 0 term is 0 even though log p = −∞
        var logP = Tensor.FromArray([0f, float.NegativeInfinity], 1, 2);
        var logQ = Tensor.FromArray([MathF.Log(0.25f), MathF.Log(0.75f)], 1, 2);

        Assert.Equal(Math.Log(4), Tensor.KlDivergence(logP, logQ).Item(), 1e-6);
    }

    [Fact]
    public void KlDivergence_OverNoClasses_IsZeroPerRow()
    {
        var empty = Tensor.Zeros(3, 0);

        Assert.Equal(new float[3], Tensor.KlDivergence(empty, empty, LossReduction.None).ToArray());
        Assert.Equal(0f, Tensor.KlDivergence(empty, empty).Item());
    }

    [Fact]
    public void KlDivergence_Throws_NamingShapes_WhenShapesDiffer()
    {
        var error = Assert.Throws<TensorShapeException>(() => Tensor.KlDivergence(Tensor.Zeros(2, 3), Tensor.Zeros(3, 2)));

        Assert.StartsWith("KlDivergence:", error.Message);
        Assert.Contains("(2, 3)", error.Message);
    }
}
