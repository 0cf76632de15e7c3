using Amend.Models.Hooks;
using Amend.Models.HuggingFace;
using Amend.Models.Inference;

namespace Amend.Models.Tests.Hooks;

public sealed class TokenEditsTests
{
    [Fact]
    public void AddAt_ChangesOnlyTheChosenTokens()
    {
        var activation = Tensor.Zeros(2, 3, 2);
        var delta = Tensor.FromArray([1f, 2, 3, 4], 2, 2);

        var edited = TokenEdits.AddAt([0, 1], [2, 0], delta)(activation).ToArray();

        Assert.Equal([0, 0, 0, 0, 1, 2, 3, 4, 0, 0, 0, 0], edited);
    }

    [Fact]
    public void ReplaceAt_SetsTheChosenTokens()
    {
        var activation = Tensor.Ones(1, 2, 2);

        var edited = TokenEdits.ReplaceAt([0], [1], Tensor.FromArray([5f, 6], 1, 2))(activation).ToArray();

        Assert.Equal([1, 1, 5, 6], edited);
    }

    [Fact]
    public void DeltaAtSubjectToken_InsideAModel_GetsGradientsMatchingFiniteDifferences()
    {
        // Given the golden GPT-2 with a delta added to layer 1's MLP output at token 2
        var model = ModelFolder.Load(SharedFixtures.Path("golden", "gpt2"));
        var batch = TokenBatch.Single(464, 4687, 29286, 318, 287);

        Tensor Logits(Tensor delta)
        {
            using var trace = new Trace(model.Hooks, HookPoint.Mlp(1), new TraceOptions { EditOutput = TokenEdits.AddAt([0], [2], delta) });
            return model.Logits(batch).Narrow(1, 4, 1).Narrow(2, 0, 8);
        }

        // Then d(logits at the last token)/d(delta) matches central differences
        GradientCheck.Assert(x => Logits(x[0]), [Tensor.Randn(new Shape(1, 32), new Random(2), 0.1f)]);
    }

    [Fact]
    public void MismatchedArguments_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => TokenEdits.AddAt([0, 1], [0], Tensor.Zeros(2, 4)));
        var outside = TokenEdits.AddAt([0], [5], Tensor.Zeros(1, 2));
        Assert.Throws<ArgumentException>(() => outside(Tensor.Zeros(1, 3, 2)));
    }
}
