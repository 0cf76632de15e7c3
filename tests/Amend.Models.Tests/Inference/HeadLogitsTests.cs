using Amend.Models.Hooks;
using Amend.Models.HuggingFace;
using Amend.Models.Inference;
using Amend.Models.Tests.Architectures;
using Amend.Tensors.Autograd;

namespace Amend.Models.Tests.Inference;

public sealed class HeadLogitsTests
{
    [Theory]
    [MemberData(nameof(GoldenReference.Architectures), MemberType = typeof(GoldenReference))]
    public void HeadLogits_OfTheLastBlockOutput_EqualTheForwardLogits(string folder)
    {
        // Given a model and the residual stream leaving its last block
        var golden = GoldenReference.Load(folder);
        var model = ModelFolder.Load(golden.Folder);
        int[] ids = golden.Sequences[^1].InputIds;
        using var noGrad = GradMode.Disable();
        using var trace = new Trace(model.Hooks, HookPoint.Block(model.Architecture.NumLayers - 1));

        // When
        var logits = model.Logits(TokenBatch.Single(ids));
        var fromHead = model.HeadLogits(trace.Output!);

        // Then
        TensorAssert.Close(logits, fromHead, rtol: 0, atol: 1e-5, what: $"{folder} head logits");
    }
}
