using Amend.Models.Inference;
using Amend.Tensors.Autograd;

namespace Amend.Models.Generation;

/// <summary>Greedy decoding with a key/value cache: the prompt once, then one token per step.</summary>
public static class GreedyDecoder
{
    /// <summary>The <paramref name="maxNewTokens"/> argmax continuations of <paramref name="prompt"/> (no early stop).</summary>
    public static int[] Continue(CausalLanguageModel model, int[] prompt, int maxNewTokens)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var noGrad = GradMode.Disable();
        var cache = new KeyValueCache(model.Architecture.NumLayers);
        var produced = new int[maxNewTokens];
        var input = TokenBatch.Single(prompt);
        for (int step = 0; step < maxNewTokens; step++)
        {
            var logits = model.Logits(input, cache);
            produced[step] = ArgMaxOfLast(logits);
            input = TokenBatch.Single(produced[step]);
        }

        return produced;
    }

    private static int ArgMaxOfLast(Tensor logits)
    {
        int vocab = logits.Shape[-1];
        var last = logits.Narrow(1, logits.Shape[1] - 1, 1).ToArray();
        int best = 0;
        for (int i = 1; i < vocab; i++)
        {
            if (last[i] > last[best]) best = i;
        }

        return best;
    }
}
