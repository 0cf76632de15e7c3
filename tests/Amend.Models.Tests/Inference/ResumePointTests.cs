using Amend.Models.Hooks;
using Amend.Models.HuggingFace;
using Amend.Models.Inference;
using Amend.Models.Tests.Architectures;
using Amend.Tensors.Autograd;

namespace Amend.Models.Tests.Inference;

public sealed class ResumePointTests
{
    [Theory]
    [MemberData(nameof(GoldenReference.Architectures), MemberType = typeof(GoldenReference))]
    public void ResumedPass_FromABlocksInput_GivesTheFullPassLogitsBitForBit(string folder)
    {
        // Given a padded batch and the residual stream a full pass reports at each block's input
        var golden = GoldenReference.Load(folder);
        var model = ModelFolder.Load(golden.Folder);
        var batch = TokenBatch.LeftPadded([golden.Sequences[0].InputIds, golden.Sequences[^1].InputIds], 0);
        using var noGrad = GradMode.Disable();
        var full = model.Run(batch, new ForwardOptions { OutputHiddenStates = true });

        for (int layer = 1; layer < model.Architecture.NumLayers; layer++)
        {
            // When the pass starts at that block
            using var skipped = new Trace(model.Hooks, HookPoint.Block(layer - 1));
            var resumed = model.Run(batch, new ForwardOptions { ResumeFrom = new ResumePoint(layer, full.HiddenStates![layer]) });

            // Then the logits are the same bits, and no block below it ran
            Assert.Equal(full.Logits!.ToArray(), resumed.Logits!.ToArray());
            Assert.Null(skipped.Output);
        }
    }

    [Fact]
    public void ResumePoint_ThatDoesNotFit_IsRejectedWithTheShapesOrLayer()
    {
        var model = ModelFolder.Load(GoldenReference.Load("gpt2").Folder);
        var batch = TokenBatch.Single([1, 2, 3]);
        var hidden = Tensor.Zeros(new Shape(1, 3, 4));

        var layer = Assert.Throws<ArgumentException>(() => model.Run(batch, new ForwardOptions { ResumeFrom = new ResumePoint(model.Architecture.NumLayers, hidden) }));
        var shape = Assert.Throws<ArgumentException>(() => model.Run(batch, new ForwardOptions { ResumeFrom = new ResumePoint(1, Tensor.Zeros(new Shape(2, 3, 4))) }));
        var cache = Assert.Throws<ArgumentException>(() => model.Run(batch, new ForwardOptions { ResumeFrom = new ResumePoint(1, hidden), Cache = new KeyValueCache(model.Architecture.NumLayers) }));

        Assert.Contains($"resume layer {model.Architecture.NumLayers}", layer.Message, StringComparison.Ordinal);
        Assert.Contains("(1, 3, hidden)", shape.Message, StringComparison.Ordinal);
        Assert.Contains("key-value cache", cache.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Below_StartsAtTheLowestBlockHoldingAPoint_AndNotBelowTheEmbedding()
    {
        Tensor[] inputs = [Tensor.Zeros(1, 2, 4), Tensor.Zeros(1, 2, 4), Tensor.Zeros(1, 2, 4)];

        var start = ResumePoint.Below([HookPoint.Block(2), HookPoint.Mlp(1), HookPoint.Attention(1)], inputs);

        Assert.Equal(1, start!.Layer);
        Assert.Same(inputs[1], start.Hidden);
        Assert.Null(ResumePoint.Below([HookPoint.Mlp(1), HookPoint.Embedding], inputs));
        Assert.Null(ResumePoint.Below([], inputs));
    }

    [Fact]
    public void Repeat_StacksCopiesOfTheRows_OneCopyAfterAnother()
    {
        var start = new ResumePoint(1, Tensor.FromArray([1f, 2f, 3f, 4f], 2, 1, 2));

        var tripled = start.Repeat(3);

        Assert.Equal([1f, 2f, 3f, 4f, 1f, 2f, 3f, 4f, 1f, 2f, 3f, 4f], tripled.Hidden.ToArray());
        Assert.Equal(new Shape(6, 1, 2), tripled.Hidden.Shape);
        Assert.Same(start, start.Repeat(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => start.Repeat(0));
    }
}
