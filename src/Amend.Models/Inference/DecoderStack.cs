using Amend.Models.Hooks;
using Amend.Models.Layers;

namespace Amend.Models.Inference;

/// <summary>The parts of a decoder's forward pass every architecture shares: hooked embedding lookup and the block loop.</summary>
internal static class DecoderStack
{
    /// <summary>Token embeddings (B, T, C) of the batch, routed through the Embedding hook point.</summary>
    public static Tensor Embed(ForwardContext context, Tensor weight)
    {
        var batch = context.Batch;
        var embedded = Tensor.Embedding(weight, [.. batch.Ids.SelectMany(r => r)], new Shape(batch.BatchSize, batch.Length));
        return context.Hooks.Run(HookPoint.Embedding, embedded, e => e);
    }

    /// <summary>
    /// Embeds the batch (<paramref name="embed"/>), runs the blocks, each through its Block hook point, then the final
    /// norm. Hidden states are collected as transformers reports them: the input of every block, then the final norm's
    /// output (n_layer + 1 states). A pass resumed at block L (<see cref="ResumePoint"/>) skips the embedding and
    /// blocks 0..L−1 and collects from block L's input on.
    /// </summary>
    public static Tensor Run(ForwardContext context, Func<Tensor> embed, IReadOnlyList<IDecoderBlock> blocks, Func<Tensor, Tensor> finalNorm)
    {
        var resume = context.ResumeFrom;
        var x = resume?.Hidden ?? embed();
        for (int i = resume?.Layer ?? 0; i < blocks.Count; i++)
        {
            context.CollectHidden(x);
            var block = blocks[i];
            x = context.Hooks.Run(HookPoint.Block(i), x, h => block.Forward(h, context));
        }

        x = finalNorm(x);
        context.CollectHidden(x);
        return x;
    }

    /// <summary>Position ids of the new tokens, row after row (B·T), for rotary embeddings and position tables.</summary>
    public static int[] FlatPositions(ForwardContext context) => [.. context.Positions.SelectMany(r => r)];
}
