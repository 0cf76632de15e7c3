using Amend.Models.Checkpoints;
using Amend.Models.Hooks;
using Amend.Models.Inference;
using Amend.Models.Layers;

namespace Amend.Models.Architectures;

/// <summary>LLaMA-family attention: separate q/k/v projections, grouped-query heads, half-split rotary.</summary>
internal sealed class LlamaAttention(Linear qProj, Linear kProj, Linear vProj, Linear oProj, LlamaConfig config, RotaryFrequencies rotary)
{
    public static LlamaAttention Load(WeightSource weights, LlamaConfig config, RotaryFrequencies rotary)
    {
        weights.Ignore("rotary_emb.inv_freq"); // the frequency buffer older conversions store; recomputed from the config
        int c = config.HiddenSize, q = config.NumHeads * config.HeadDim, kv = config.NumKeyValueHeads * config.HeadDim;
        return new LlamaAttention(
            Linear.Load(weights.Push("q_proj"), c, q, config.QkvBias, WeightLayout.OutByIn),
            Linear.Load(weights.Push("k_proj"), c, kv, config.QkvBias, WeightLayout.OutByIn),
            Linear.Load(weights.Push("v_proj"), c, kv, config.QkvBias, WeightLayout.OutByIn),
            Linear.Load(weights.Push("o_proj"), q, c, config.OutputBias, WeightLayout.OutByIn),
            config,
            rotary);
    }

    // x: (B, T, C) → q: (B, Hq, T, D), k, v: (B, Hkv, T, D) → y: (B, T, C)
    public Tensor Forward(Tensor x, ForwardContext context, int layer)
    {
        int[] positions = DecoderStack.FlatPositions(context);
        var q = AttentionHeads.Split(qProj.Forward(x), config.NumHeads).ApplyRotary(rotary, RotaryLayout.HalfSplit, positions);
        var k = AttentionHeads.Split(kProj.Forward(x), config.NumKeyValueHeads).ApplyRotary(rotary, RotaryLayout.HalfSplit, positions);
        var v = AttentionHeads.Split(vProj.Forward(x), config.NumKeyValueHeads);
        (k, v) = context.WithCache(layer, k, v);
        var y = Tensor.ScaledDotProductAttention(q, k, v, context.KeyPaddingMask, causal: true);
        return oProj.Forward(AttentionHeads.Merge(y));
    }

    public IEnumerable<Parameter> Parameters() => new[] { qProj, kProj, vProj, oProj }.SelectMany(p => p.Parameters());
}

/// <summary>LLaMA block: RMSNorm → attention → residual, RMSNorm → SwiGLU → residual.</summary>
internal sealed class LlamaBlock(RmsNorm inputNorm, LlamaAttention attention, RmsNorm postNorm, GatedMlp mlp, int layer) : IDecoderBlock
{
    public static LlamaBlock Load(WeightSource weights, LlamaConfig config, RotaryFrequencies rotary, int layer)
    {
        int c = config.HiddenSize, f = config.IntermediateSize;
        var m = weights.Push("mlp");
        var mlp = new GatedMlp(
            Linear.Load(m.Push("gate_proj"), c, f, config.MlpBias, WeightLayout.OutByIn),
            Linear.Load(m.Push("up_proj"), c, f, config.MlpBias, WeightLayout.OutByIn),
            Linear.Load(m.Push("down_proj"), f, c, config.MlpBias, WeightLayout.OutByIn),
            Activations.Resolve(config.Activation, weights.Description));
        return new LlamaBlock(
            RmsNorm.Load(weights.Push("input_layernorm"), c, config.RmsNormEpsilon),
            LlamaAttention.Load(weights.Push("self_attn"), config, rotary),
            RmsNorm.Load(weights.Push("post_attention_layernorm"), c, config.RmsNormEpsilon),
            mlp,
            layer);
    }

    public Tensor Forward(Tensor x, ForwardContext context)
    {
        var hooks = context.Hooks;
        x = x.Add(hooks.Run(HookPoint.Attention(layer), inputNorm.Forward(x), h => attention.Forward(h, context, layer)));
        return x.Add(hooks.Run(HookPoint.Mlp(layer), postNorm.Forward(x), h => mlp.Forward(h, hooks, layer)));
    }

    public IEnumerable<Parameter> Parameters() =>
        inputNorm.Parameters().Concat(attention.Parameters()).Concat(postNorm.Parameters()).Concat(mlp.Parameters());
}

/// <summary>LlamaForCausalLM, MistralForCausalLM and Qwen2ForCausalLM: one implementation driven by <see cref="LlamaConfig"/>.</summary>
internal sealed class LlamaModel : CausalLanguageModel
{
    private readonly LlamaConfig _config;
    private readonly Parameter _embedTokens;
    private readonly LlamaBlock[] _blocks;
    private readonly RmsNorm _norm;
    private readonly Parameter _head;

    private LlamaModel(LlamaConfig config, Parameter embedTokens, LlamaBlock[] blocks, RmsNorm norm, Parameter head)
        : base(
            ModelArchitectures.Llama(config.ModelType, config.NumLayers, ReferenceEquals(head, embedTokens)),
            config.VocabSize,
            // Windowed attention is not implemented, so a Mistral model takes at most its window: as its positions,
            // a longer prompt fails its case (SequenceTooLongException) and generation stops there ("length").
            Math.Min(config.MaxPositions, config.SlidingWindow ?? int.MaxValue),
            new[] { embedTokens }.Concat(blocks.SelectMany(b => b.Parameters())).Concat(norm.Parameters()).Append(head))
    {
        (_config, _embedTokens, _blocks, _norm, _head) = (config, embedTokens, blocks, norm, head);
    }

    public static LlamaModel Load(WeightSource weights, LlamaConfig config)
    {
        var m = weights.PushBaseModel("model");
        var rotary = RotaryEmbedding.Frequencies(config.HeadDim, config.RopeTheta, config.RopeScaling);
        var embed = new Parameter(m.FullName("embed_tokens.weight"), m.Get("embed_tokens.weight", config.VocabSize, config.HiddenSize));
        var blocks = Enumerable.Range(0, config.NumLayers).Select(i => LlamaBlock.Load(m.Push($"layers.{i}"), config, rotary, i)).ToArray();
        var norm = RmsNorm.Load(m.Push("norm"), config.HiddenSize, config.RmsNormEpsilon);
        var head = config.TieWordEmbeddings ? embed : new Parameter("lm_head.weight", weights.Get("lm_head.weight", config.VocabSize, config.HiddenSize));
        if (config.TieWordEmbeddings && weights.Contains("lm_head.weight")) weights.Ignore("lm_head.weight");
        return new LlamaModel(config, embed, blocks, norm, head);
    }

    internal override Tensor Forward(ForwardContext context)
    {
        int total = (context.Cache?.Length ?? 0) + context.Batch.Length;
        if (_config.SlidingWindow is int window && total > window)
        {
            throw new NotSupportedException($"{total} tokens exceed the sliding window of {window}; windowed attention is not implemented, so this {_config.ModelType} model is limited to {window} tokens");
        }

        var x = DecoderStack.Run(context, () => DecoderStack.Embed(context, _embedTokens.Value), _blocks, _norm.Forward);
        return x.MatMul(_head.Value.TransposeLast());
    }

    internal override Tensor Head(Tensor hidden) => _norm.Forward(hidden).MatMul(_head.Value.TransposeLast());
}
