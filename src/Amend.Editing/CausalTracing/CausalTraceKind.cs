namespace Amend.Editing.CausalTracing;

/// <summary>Which hidden state causal tracing restores, as in ROME's figure 1 (a, b, c).</summary>
public enum CausalTraceKind
{
    /// <summary>The residual stream after a block (HookPoint.Block), ROME's kind None.</summary>
    Residual,

    /// <summary>The MLP sub-layer's output before the residual add (HookPoint.Mlp), ROME's "mlp".</summary>
    Mlp,

    /// <summary>The attention sub-layer's output before the residual add (HookPoint.Attention), ROME's "attn".</summary>
    Attention,
}
