using Amend.Models.Checkpoints;
using Amend.Models.Hooks;
using Amend.Models.Inference;
using Amend.Models.Layers;

namespace Amend.Models.Architectures;

/// <summary>GPT-J attention: bias-free q/k/v/out projections, interleaved rotary on the first rotary_dim of each head.</summary>
internal sealed class GptJAttention(Linear qProj, Linear kProj, Linear vProj, Linear outProj, int heads, RotaryFrequencies rotary)
{
    public static GptJAttention Load(WeightSource weights, GptJConfig config, RotaryFrequencies rotary)
    {
        int c = config.HiddenSize;
        return new GptJAttention(
            Linear.Load(weights.Push("q_proj"), c, c, bias: false, WeightLayout.OutByIn),
            Linear.Load(weights.Push("k_proj"), c, c, bias: false, WeightLayout.OutByIn),
            Linear.Load(weights.Push("v_proj"), c, c, bias: false, WeightLayout.OutByIn),
            Linear.Load(weights.Push("out_proj"), c, c, bias: false, WeightLayout.OutByIn),
            config.NumHeads,
            rotary);
    }

    // x: (B, T, C) → q, k, v: (B, H, T, D) → y: (B, T, C)
    public Tensor Forward(Tensor x, ForwardContext context, int layer)
    {
        int[] positions = DecoderStack.FlatPositions(context);
        var q = AttentionHeads.Split(qProj.Forward(x), heads).ApplyRotary(rotary, RotaryLayout.Interleaved, positions);
        var k = AttentionHeads.Split(kProj.Forward(x), heads).ApplyRotary(rotary, RotaryLayout.Interleaved, positions);
        var v = AttentionHeads.Split(vProj.Forward(x), heads);
        (k, v) = context.WithCache(layer, k, v);
        return outProj.Forward(AttentionHeads.Merge(Tensor.ScaledDotProductAttention(q, k, v, context.KeyPaddingMask, causal: true)));
    }

    public IEnumerable<Parameter> Parameters() => new[] { qProj, kProj, vProj, outProj }.SelectMany(p => p.Parameters());
}

/// <summary>GPT-J block: attention and MLP both read ln_1(x) and are added to x together (parallel residual).</summary>
internal sealed class GptJBlock(LayerNorm ln1, GptJAttention attention, GeluMlp mlp, int layer) : IDecoderBlock
{
    public static GptJBlock Load(WeightSource weights, GptJConfig config, RotaryFrequencies rotary, int layer)
    {
        var mlp = new GeluMlp(
            Linear.Load(weights.Push("mlp.fc_in"), config.HiddenSize, config.IntermediateSize, bias: true, WeightLayout.OutByIn),
            Linear.Load(weights.Push("mlp.fc_out"), config.IntermediateSize, config.HiddenSize, bias: true, WeightLayout.OutByIn),
            Activations.Resolve(config.Activation, weights.Description));
        weights.Ignore("attn.bias");         // causal-mask buffers some checkpoints store
        weights.Ignore("attn.masked_bias");
        return new GptJBlock(
            LayerNorm.Load(weights.Push("ln_1"), config.HiddenSize, config.LayerNormEpsilon),
            GptJAttention.Load(weights.Push("attn"), config, rotary),
            mlp,
            layer);
    }

    public Tensor Forward(Tensor x, ForwardContext context)
    {
        var hooks = context.Hooks;
        var h = ln1.Forward(x);
        var attended = hooks.Run(HookPoint.Attention(layer), h, a => attention.Forward(a, context, layer));
        var fed = hooks.Run(HookPoint.Mlp(layer), h, m => mlp.Forward(m, hooks, layer));
        return x.Add(attended).Add(fed);
    }

    public IEnumerable<Parameter> Parameters() => ln1.Parameters().Concat(attention.Parameters()).Concat(mlp.Parameters());
}

/// <summary>GPTJForCausalLM: no position table (rotary only), untied lm_head with a bias.</summary>
internal sealed class GptJModel : CausalLanguageModel
{
    private readonly Parameter _wte;
    private readonly GptJBlock[] _blocks;
    private readonly LayerNorm _lnF;
    private readonly Linear _head;

    private GptJModel(GptJConfig config, Parameter wte, GptJBlock[] blocks, LayerNorm lnF, Linear head)
        : base(
            ModelArchitectures.GptJ(config.NumLayers, tiedHead: false),
            config.VocabSize,
            config.MaxPositions,
            new[] { wte }.Concat(blocks.SelectMany(b => b.Parameters())).Concat(lnF.Parameters()).Concat(head.Parameters()))
    {
        (_wte, _blocks, _lnF, _head) = (wte, blocks, lnF, head);
    }

    public static GptJModel Load(WeightSource weights, GptJConfig config)
    {
        if (config.TieWordEmbeddings) throw new NotSupportedException($"{weights.Description}: GPT-J with tie_word_embeddings=true is not supported (its lm_head has a bias of its own)");
        var t = weights.PushBaseModel("transformer");
        var rotary = RotaryFrequencies.Create(config.RotaryDim);
        var wte = new Parameter(t.FullName("wte.weight"), t.Get("wte.weight", config.VocabSize, config.HiddenSize));
        var blocks = Enumerable.Range(0, config.NumLayers).Select(i => GptJBlock.Load(t.Push($"h.{i}"), config, rotary, i)).ToArray();
        var lnF = LayerNorm.Load(t.Push("ln_f"), config.HiddenSize, config.LayerNormEpsilon);
        var head = Linear.Load(weights.Push("lm_head"), config.HiddenSize, config.VocabSize, bias: true, WeightLayout.OutByIn);
        return new GptJModel(config, wte, blocks, lnF, head);
    }

    internal override Tensor Forward(ForwardContext context) =>
        _head.Forward(DecoderStack.Run(context, () => DecoderStack.Embed(context, _wte.Value), _blocks, _lnF.Forward));

    internal override Tensor Head(Tensor hidden) => _head.Forward(_lnF.Forward(hidden));
}
