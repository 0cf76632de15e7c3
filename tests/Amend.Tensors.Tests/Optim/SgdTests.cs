using Amend.Tensors.Optim;

namespace Amend.Tensors.Tests.Optim;

public sealed class SgdTests
{
    [Fact]
    public void Step_WithoutMomentum_MovesAgainstGradient()
    {
        // p = 1 − 0.1·0.5 = 0.95
        var p = TestGradients.Parameter(1f);
        var sgd = new Sgd([p], learningRate: 0.1);

        sgd.Step(TestGradients.Of((p, [0.5f])));

        Assert.Equal(0.95f, p.Item(), 6);
    }

    [Fact]
    public void Step_WithMomentum_AccumulatesBuffer()
    {
        // step 1: b = g = 0.5, p = 1 − 0.05 = 0.95; step 2: b = 0.9·0.5 + 0.5 = 0.95, p = 0.95 − 0.095 = 0.855
        var p = TestGradients.Parameter(1f);
        var sgd = new Sgd([p], learningRate: 0.1, momentum: 0.9);

        sgd.Step(TestGradients.Of((p, [0.5f])));
        Assert.Equal(0.95f, p.Item(), 6);
        sgd.Step(TestGradients.Of((p, [0.5f])));

        Assert.Equal(0.855f, p.Item(), 6);
    }

    [Fact]
    public void Step_WithDampeningAndNesterov_FollowsTorchFormulas()
    {
        // dampening 0.5, two steps of g = 1: b₁ = 1, p = 1 − 0.1 = 0.9; b₂ = 0.9·1 + 0.5·1 = 1.4, p = 0.9 − 0.14 = 0.76
        var damped = TestGradients.Parameter(1f);
        var sgd = new Sgd([damped], learningRate: 0.1, momentum: 0.9, dampening: 0.5);
        sgd.Step(TestGradients.Of((damped, [1f])));
        sgd.Step(TestGradients.Of((damped, [1f])));

        // Nesterov, one step of g = 0.5: b = 0.5, g ← 0.5 + 0.9·0.5 = 0.95, p = 1 − 0.095 = 0.905
        var nesterov = TestGradients.Parameter(1f);
        new Sgd([nesterov], learningRate: 0.1, momentum: 0.9, nesterov: true).Step(TestGradients.Of((nesterov, [0.5f])));

        Assert.Equal(0.76f, damped.Item(), 6);
        Assert.Equal(0.905f, nesterov.Item(), 6);
    }

    [Fact]
    public void Step_WithWeightDecay_AddsL2TermToGradient()
    {
        // g = 0.5 + 0.01·2 = 0.52, p = 2 − 0.1·0.52 = 1.948
        var p = TestGradients.Parameter(2f);

        new Sgd([p], learningRate: 0.1, weightDecay: 0.01).Step(TestGradients.Of((p, [0.5f])));

        Assert.Equal(1.948f, p.Item(), 6);
    }

    [Fact]
    public void Constructor_Throws_OnNesterovWithoutMomentum_OrNegativeMomentum()
    {
        var p = TestGradients.Parameter(1f);

        Assert.Contains("Nesterov", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([p], 0.1, nesterov: true)).Message);
        Assert.Contains("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([p], 0.1, momentum: -0.5)).Message);
    }
}
