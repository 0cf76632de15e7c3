using Amend.Tensors.Optim;

namespace Amend.Tensors.Tests.Optim;

public sealed class AdamWTests
{
    [Fact]
    public void TwoSteps_DecayParameterBeforeAdamStep()
    {
        // lr 0.1, λ = 0.1: p ← p·(1 − 0.01) then the Adam step on the raw gradient (0.5 then 0.25):
        // t=1: 0.99 − 0.099999998 = 0.890000002; t=2: 0.890000002·0.99 − 0.0932180 = 0.78788204
        var p = TestGradients.Parameter(1f);
        var adamW = new AdamW([p], learningRate: 0.1, weightDecay: 0.1);

        adamW.Step(TestGradients.Of((p, [0.5f])));
        Assert.Equal(0.890000002f, p.Item(), 6);
        adamW.Step(TestGradients.Of((p, [0.25f])));

        Assert.Equal(0.78788204f, p.Item(), 6);
    }

    [Fact]
    public void ZeroGradient_StillShrinksParameter()
    {
        // With g = 0 the Adam part is 0/(0 + ε) = 0 and only the decay acts: 2·(1 − 0.1·0.5) = 1.9
        var p = TestGradients.Parameter(2f);

        new AdamW([p], learningRate: 0.1, weightDecay: 0.5).Step(TestGradients.Of((p, [0f])));

        Assert.Equal(1.9f, p.Item(), 6);
    }
}
