using Amend.Models.HuggingFace;
using Amend.Models.Inference;
using Amend.Models.Tests.Architectures;
using Amend.Tensors.Autograd;

namespace Amend.Models.Tests.Inference;

public sealed class TokenBatchTests
{
    [Fact]
    public void RightPadded_MasksTheTail_AndKeepsPositionsFromZero()
    {
        var batch = TokenBatch.RightPadded([[5, 6, 7], [8]], padId: 0);

        Assert.Equal([8, 0, 0], batch.Ids[1]);
        Assert.Equal([1, 0, 0], batch.AttentionMask![1]);
        Assert.Equal([0, 1, 2], batch.Positions()[0]);
        Assert.Equal(0, batch.Positions()[1][0]);
    }

    [Fact]
    public void RightPaddedRow_HasTheLogitsOfTheRowAlone()
    {
        // Given a short row padded to the length of a long one
        var golden = GoldenReference.Load("gpt2");
        var model = ModelFolder.Load(golden.Folder);
        int[] shortRow = golden.Sequences[1].InputIds[..4], longRow = golden.Sequences[1].InputIds;
        using var noGrad = GradMode.Disable();

        // When
        var alone = model.Logits(TokenBatch.Single(shortRow));
        var padded = model.Logits(TokenBatch.RightPadded([longRow, shortRow], padId: 0)).Narrow(0, 1, 1).Narrow(1, 0, shortRow.Length);

        // Then
        TensorAssert.Close(alone, padded, rtol: 0, atol: 1e-4, what: "right-padded row logits");
    }
}
