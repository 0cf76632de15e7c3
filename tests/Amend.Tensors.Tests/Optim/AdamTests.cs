using Amend.Tensors.Optim;

namespace Amend.Tensors.Tests.Optim;

public sealed class AdamTests
{
    [Fact]
    public void TwoSteps_MatchTorchFormulas()
    {
        // lr 0.1, β = (0.9, 0.999), ε = 1e-8, p = 1, g = 0.5 then 0.25:
        // t=1: m = 0.05, v = 2.5e-4, step = 0.1/(1−0.9) = 1, denom = √v/√(1−0.999) + ε = 0.50000001 → p = 0.900000002
        // t=2: m = 0.07, v = 3.1225e-4, step = 0.1/0.19, denom = √v/√0.001999 + ε = 0.39522539 → p = 0.80678204
        var p = TestGradients.Parameter(1f);
        var adam = new Adam([p], learningRate: 0.1);

        adam.Step(TestGradients.Of((p, [0.5f])));
        Assert.Equal(0.900000002f, p.Item(), 6);
        adam.Step(TestGradients.Of((p, [0.25f])));

        Assert.Equal(0.80678204f, p.Item(), 6);
    }

    [Fact]
    public void WeightDecay_IsAddedToGradientBeforeMoments()
    {
        // λ = 0.1: g₁ = 0.5 + 0.1·1 = 0.6 → p = 0.9000000017; g₂ = 0.25 + 0.1·0.9 = 0.34 → p = 0.80500977
        var p = TestGradients.Parameter(1f);
        var adam = new Adam([p], learningRate: 0.1, weightDecay: 0.1);

        adam.Step(TestGradients.Of((p, [0.5f])));
        adam.Step(TestGradients.Of((p, [0.25f])));

        Assert.Equal(0.80500977f, p.Item(), 6);
    }

    [Fact]
    public void Constructor_Throws_OnBetaOutsideUnitInterval()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([TestGradients.Parameter(1f)], beta2: 1.0));

        Assert.StartsWith("Adam: beta2 must be in [0, 1)", error.Message);
    }
}
