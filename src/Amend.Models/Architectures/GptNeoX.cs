using Amend.Models.Checkpoints;
using Amend.Models.Hooks;
using Amend.Models.Inference;
using Amend.Models.Layers;

namespace Amend.Models.Architectures;

/// <summary>GPT-NeoX attention: fused query_key_value laid out per head as [q | k | v], half-split partial rotary.</summary>
internal sealed class GptNeoXAttention(Linear queryKeyValue, Linear dense, int heads, RotaryFrequencies rotary)
{
    public static GptNeoXAttention Load(WeightSource weights, GptNeoXConfig config, RotaryFrequencies rotary)
    {
        int c = config.HiddenSize;
        weights.Ignore("bias");           // causal-mask buffers older checkpoints store
        weights.Ignore("masked_bias");
        weights.Ignore("rotary_emb.inv_freq");
        return new GptNeoXAttention(
            Linear.Load(weights.Push("query_key_value"), c, 3 * c, config.AttentionBias, WeightLayout.OutByIn),
            Linear.Load(weights.Push("dense"), c, c, config.AttentionBias, WeightLayout.OutByIn),
            config.NumHeads,
            rotary);
    }

    // x: (B, T, C) → qkv: (B, T, H, 3D) → q, k, v: (B, H, T, D) → y: (B, T, C)
    public Tensor Forward(Tensor x, ForwardContext context, int layer)
    {
        int b = x.Shape[0], t = x.Shape[1], d = x.Shape[2] / heads;
        int[] positions = DecoderStack.FlatPositions(context);
        var qkv = queryKeyValue.Forward(x).Reshape(b, t, heads, 3 * d);
        var q = qkv.Narrow(-1, 0, d).Permute(0, 2, 1, 3).ApplyRotary(rotary, RotaryLayout.HalfSplit, positions);
        var k = qkv.Narrow(-1, d, d).Permute(0, 2, 1, 3).ApplyRotary(rotary, RotaryLayout.HalfSplit, positions);
        var v = qkv.Narrow(-1, 2 * d, d).Permute(0, 2, 1, 3);
        (k, v) = context.WithCache(layer, k, v);
        return dense.Forward(AttentionHeads.Merge(Tensor.ScaledDotProductAttention(q, k, v, context.KeyPaddingMask, causal: true)));
    }

    public IEnumerable<Parameter> Parameters() => queryKeyValue.Parameters().Concat(dense.Parameters());
}

/// <summary>GPT-NeoX block: x + attn(ln1(x)) + mlp(ln2(x)) with parallel residual, else the sequential form.</summary>
internal sealed class GptNeoXBlock(LayerNorm inputNorm, GptNeoXAttention attention, LayerNorm postNorm, GeluMlp mlp, bool parallel, int layer) : IDecoderBlock
{
    public static GptNeoXBlock Load(WeightSource weights, GptNeoXConfig config, RotaryFrequencies rotary, int layer)
    {
        var mlp = new GeluMlp(
            Linear.Load(weights.Push("mlp.dense_h_to_4h"), config.HiddenSize, config.IntermediateSize, bias: true, WeightLayout.OutByIn),
            Linear.Load(weights.Push("mlp.dense_4h_to_h"), config.IntermediateSize, config.HiddenSize, bias: true, WeightLayout.OutByIn),
            Activations.Resolve(config.Activation, weights.Description));
        return new GptNeoXBlock(
            LayerNorm.Load(weights.Push("input_layernorm"), config.HiddenSize, config.LayerNormEpsilon),
            GptNeoXAttention.Load(weights.Push("attention"), config, rotary),
            LayerNorm.Load(weights.Push("post_attention_layernorm"), config.HiddenSize, config.LayerNormEpsilon),
            mlp,
            config.UseParallelResidual,
            layer);
    }

    public Tensor Forward(Tensor x, ForwardContext context)
    {
        var hooks = context.Hooks;
        var attended = hooks.Run(HookPoint.Attention(layer), inputNorm.Forward(x), a => attention.Forward(a, context, layer));
        var residual = parallel ? x : x.Add(attended);
        var fed = hooks.Run(HookPoint.Mlp(layer), postNorm.Forward(residual), m => mlp.Forward(m, hooks, layer));
        return parallel ? x.Add(attended).Add(fed) : residual.Add(fed);
    }

    public IEnumerable<Parameter> Parameters() =>
        inputNorm.Parameters().Concat(attention.Parameters()).Concat(postNorm.Parameters()).Concat(mlp.Parameters());
}

/// <summary>GPTNeoXForCausalLM (Pythia): rotary positions, final_layer_norm, embed_out head.</summary>
internal sealed class GptNeoXModel : CausalLanguageModel
{
    private readonly Parameter _embedIn;
    private readonly GptNeoXBlock[] _blocks;
    private readonly LayerNorm _finalNorm;
    private readonly Parameter _head;

    private GptNeoXModel(GptNeoXConfig config, Parameter embedIn, GptNeoXBlock[] blocks, LayerNorm finalNorm, Parameter head)
        : base(
            ModelArchitectures.GptNeoX(config.NumLayers, ReferenceEquals(head, embedIn)),
            config.VocabSize,
            config.MaxPositions,
            new[] { embedIn }.Concat(blocks.SelectMany(b => b.Parameters())).Concat(finalNorm.Parameters()).Append(head))
    {
        (_embedIn, _blocks, _finalNorm, _head) = (embedIn, blocks, finalNorm, head);
    }

    public static GptNeoXModel Load(WeightSource weights, GptNeoXConfig config)
    {
        var g = weights.PushBaseModel("gpt_neox");
        var rotary = RotaryEmbedding.Frequencies(config.RotaryDim, config.RotaryBase, config.RopeScaling);
        var embed = new Parameter(g.FullName("embed_in.weight"), g.Get("embed_in.weight", config.VocabSize, config.HiddenSize));
        var blocks = Enumerable.Range(0, config.NumLayers).Select(i => GptNeoXBlock.Load(g.Push($"layers.{i}"), config, rotary, i)).ToArray();
        var norm = LayerNorm.Load(g.Push("final_layer_norm"), config.HiddenSize, config.LayerNormEpsilon);
        var head = config.TieWordEmbeddings ? embed : new Parameter("embed_out.weight", weights.Get("embed_out.weight", config.VocabSize, config.HiddenSize));
        return new GptNeoXModel(config, embed, blocks, norm, head);
    }

    internal override Tensor Forward(ForwardContext context) =>
        DecoderStack.Run(context, () => DecoderStack.Embed(context, _embedIn.Value), _blocks, _finalNorm.Forward).MatMul(_head.Value.TransposeLast());

    internal override Tensor Head(Tensor hidden) => _finalNorm.Forward(hidden).MatMul(_head.Value.TransposeLast());
}
