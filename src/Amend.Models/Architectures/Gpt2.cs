using Amend.Models.Checkpoints;
using Amend.Models.Hooks;
using Amend.Models.Inference;
using Amend.Models.Layers;

namespace Amend.Models.Architectures;

/// <summary>GPT-2 self-attention: one fused Conv1D c_attn for q, k, v; learned positions, no rotary.</summary>
internal sealed class Gpt2Attention(Linear cAttn, Linear cProj, int heads, float scale)
{
    public static Gpt2Attention Load(WeightSource weights, Gpt2Config config, int layer)
    {
        int c = config.HiddenSize;
        float scale = config.ScaleAttentionWeights ? 1f / MathF.Sqrt(c / config.NumHeads) : 1f;
        if (config.ScaleAttentionByInverseLayerIndex) scale /= layer + 1;
        weights.Ignore("bias");          // the causal-mask buffer older checkpoints store
        weights.Ignore("masked_bias");
        return new Gpt2Attention(
            Linear.Load(weights.Push("c_attn"), c, 3 * c, bias: true, WeightLayout.InByOut),
            Linear.Load(weights.Push("c_proj"), c, c, bias: true, WeightLayout.InByOut),
            config.NumHeads,
            scale);
    }

    // x: (B, T, C) → q, k, v: (B, H, T, D) → y: (B, T, C)
    public Tensor Forward(Tensor x, ForwardContext context, int layer)
    {
        int c = x.Shape[-1];
        var qkv = cAttn.Forward(x);
        var q = AttentionHeads.Split(qkv.Narrow(-1, 0, c), heads);
        var k = AttentionHeads.Split(qkv.Narrow(-1, c, c), heads);
        var v = AttentionHeads.Split(qkv.Narrow(-1, 2 * c, c), heads);
        (k, v) = context.WithCache(layer, k, v);
        var y = Tensor.ScaledDotProductAttention(q, k, v, context.KeyPaddingMask, causal: true, scale: scale);
        return cProj.Forward(AttentionHeads.Merge(y));
    }

    public IEnumerable<Parameter> Parameters() => cAttn.Parameters().Concat(cProj.Parameters());
}

/// <summary>GPT-2 block: pre-norm attention and MLP, each added to the residual stream.</summary>
internal sealed class Gpt2Block(LayerNorm ln1, Gpt2Attention attention, LayerNorm ln2, GeluMlp mlp, int layer) : IDecoderBlock
{
    public static Gpt2Block Load(WeightSource weights, Gpt2Config config, int layer)
    {
        var mlp = new GeluMlp(
            Linear.Load(weights.Push("mlp.c_fc"), config.HiddenSize, config.IntermediateSize, bias: true, WeightLayout.InByOut),
            Linear.Load(weights.Push("mlp.c_proj"), config.IntermediateSize, config.HiddenSize, bias: true, WeightLayout.InByOut),
            Activations.Resolve(config.Activation, weights.Description));
        return new Gpt2Block(
            LayerNorm.Load(weights.Push("ln_1"), config.HiddenSize, config.LayerNormEpsilon),
            Gpt2Attention.Load(weights.Push("attn"), config, layer),
            LayerNorm.Load(weights.Push("ln_2"), config.HiddenSize, config.LayerNormEpsilon),
            mlp,
            layer);
    }

    // x: (B, T, C) → (B, T, C)
    public Tensor Forward(Tensor x, ForwardContext context)
    {
        var hooks = context.Hooks;
        x = x.Add(hooks.Run(HookPoint.Attention(layer), ln1.Forward(x), h => attention.Forward(h, context, layer)));
        return x.Add(hooks.Run(HookPoint.Mlp(layer), ln2.Forward(x), h => mlp.Forward(h, hooks, layer)));
    }

    public IEnumerable<Parameter> Parameters() =>
        ln1.Parameters().Concat(attention.Parameters()).Concat(ln2.Parameters()).Concat(mlp.Parameters());
}

/// <summary>GPT2LMHeadModel: token + learned position embeddings, pre-norm blocks, final norm, tied or untied head.</summary>
internal sealed class Gpt2Model : CausalLanguageModel
{
    private readonly Parameter _wte;
    private readonly Parameter _wpe;
    private readonly Gpt2Block[] _blocks;
    private readonly LayerNorm _lnF;
    private readonly Parameter _head;

    private Gpt2Model(Gpt2Config config, Parameter wte, Parameter wpe, Gpt2Block[] blocks, LayerNorm lnF, Parameter head)
        : base(
            ModelArchitectures.Gpt2(config.NumLayers, ReferenceEquals(head, wte)),
            config.VocabSize,
            config.MaxPositions,
            new[] { wte, wpe }.Concat(blocks.SelectMany(b => b.Parameters())).Concat(lnF.Parameters()).Append(head))
    {
        (_wte, _wpe, _blocks, _lnF, _head) = (wte, wpe, blocks, lnF, head);
    }

    public static Gpt2Model Load(WeightSource weights, Gpt2Config config)
    {
        var t = weights.PushBaseModel("transformer");
        var wte = new Parameter(t.FullName("wte.weight"), t.Get("wte.weight", config.VocabSize, config.HiddenSize));
        var wpe = new Parameter(t.FullName("wpe.weight"), t.Get("wpe.weight", config.MaxPositions, config.HiddenSize));
        var blocks = Enumerable.Range(0, config.NumLayers).Select(i => Gpt2Block.Load(t.Push($"h.{i}"), config, i)).ToArray();
        var lnF = LayerNorm.Load(t.Push("ln_f"), config.HiddenSize, config.LayerNormEpsilon);
        var head = config.TieWordEmbeddings ? wte : new Parameter("lm_head.weight", weights.Get("lm_head.weight", config.VocabSize, config.HiddenSize));
        if (config.TieWordEmbeddings && weights.Contains("lm_head.weight")) weights.Ignore("lm_head.weight");
        return new Gpt2Model(config, wte, wpe, blocks, lnF, head);
    }

    internal override Tensor Forward(ForwardContext context)
    {
        var x = DecoderStack.Run(context, () => Embed(context), _blocks, _lnF.Forward);
        return x.MatMul(_head.Value.TransposeLast());
    }

    // hidden = wte(input_ids) + wpe(position_ids)
    private Tensor Embed(ForwardContext context)
    {
        var batch = context.Batch;
        var positions = Tensor.Embedding(_wpe.Value, DecoderStack.FlatPositions(context), new Shape(batch.BatchSize, batch.Length));
        return DecoderStack.Embed(context, _wte.Value).Add(positions);
    }

    internal override Tensor Head(Tensor hidden) => _lnF.Forward(hidden).MatMul(_head.Value.TransposeLast());
}
