using Amend.Models.Generation;
using Amend.Models.HuggingFace;
using Amend.Models.Inference;
using Amend.Tensors.Autograd;

namespace Amend.Models.Tests.Architectures;

/// <summary>
/// Every architecture against logits, hidden states and greedy continuations that transformers produced
/// for the same checkpoint (../shared/golden, see its PROVENANCE.md).
/// </summary>
public sealed class GoldenArchitectureTests
{
    public static TheoryData<string> Folders() => ["gpt2", "gpt2-fp16", "gptj", "gpt_neox", "llama", "llama-bf16", "mistral", "qwen2"];

    [Theory]
    [MemberData(nameof(Folders))]
    public void LastLogits_MatchTransformers(string folder)
    {
        // Given the checkpoint and transformers' logits for three inputs (lengths 1, 7, 23)
        var golden = GoldenReference.Load(folder);
        var model = ModelFolder.Load(golden.Folder);
        using var noGrad = GradMode.Disable();

        foreach (var sequence in golden.Sequences)
        {
            // When
            var logits = model.Logits(TokenBatch.Single(sequence.InputIds));
            var last = logits.Narrow(1, sequence.InputIds.Length - 1, 1).ToArray();

            // Then: within 1e-4 of the largest logit magnitude. Half-precision checkpoints are widened exactly
            // and transformers computed their goldens in float32 too, so the same bound holds for them.
            TensorAssert.Close(sequence.LastLogits, last, rtol: 0, atol: 1e-4 * MaxAbs(sequence.LastLogits), what: $"{folder} last logits, input length {sequence.InputIds.Length}");
        }
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void AllPositionLogitsAndHiddenStates_MatchTransformers(string folder)
    {
        var golden = GoldenReference.Load(folder);
        var model = ModelFolder.Load(golden.Folder);
        var sequence = golden.Sequences.Single(s => s.AllLogits is not null);
        using var noGrad = GradMode.Disable();

        var output = model.Run(TokenBatch.Single(sequence.InputIds), new ForwardOptions { OutputHiddenStates = true });

        var logits = output.Logits!.ToArray();
        var expected = sequence.AllLogits!.SelectMany(row => row).ToArray();
        TensorAssert.Close(expected, logits, rtol: 0, atol: 1e-4 * MaxAbs(expected), what: $"{folder} logits at every position");
        Assert.Equal(sequence.HiddenStatesLastToken!.Length, output.HiddenStates!.Count);
        for (int i = 0; i < output.HiddenStates.Count; i++)
        {
            var state = output.HiddenStates[i];
            var lastToken = state.Narrow(1, state.Shape[1] - 1, 1).ToArray();
            var reference = sequence.HiddenStatesLastToken[i];
            TensorAssert.Close(reference, lastToken, rtol: 0, atol: 1e-4 * MaxAbs(reference), what: $"{folder} hidden state {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void GreedyContinuation_WithCache_MatchesTransformers(string folder)
    {
        var golden = GoldenReference.Load(folder);
        var model = ModelFolder.Load(golden.Folder);

        foreach (var sequence in golden.Sequences)
        {
            var continuation = new TextGenerator(model).Generate([sequence.InputIds], new GenerationOptions { MaxNewTokens = sequence.GreedyNewTokens.Length });

            Assert.Equal(sequence.GreedyNewTokens, continuation[0].TokenIds);
        }
    }

    private static double MaxAbs(float[] values) => values.Max(v => Math.Abs((double)v));
}
