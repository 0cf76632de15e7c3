namespace Amend.Models.Architectures;

/// <summary>
/// What a module does in a decoder-only transformer, independent of what a checkpoint calls it.
/// Editors, hooks and statistics address modules by role and layer; <see cref="ModelArchitecture"/>
/// maps roles to checkpoint names.
/// </summary>
public enum ModuleRole
{
    /// <summary>Token embedding (also the LM head when tied). Not per layer.</summary>
    Embedding,

    /// <summary>A whole block: its output is the residual stream after layer i.</summary>
    Block,

    /// <summary>Norm before attention (ln_1, input_layernorm).</summary>
    AttentionNorm,

    /// <summary>The attention sub-layer: its output is added to the residual stream.</summary>
    Attention,

    /// <summary>Attention's output projection (c_proj, out_proj, dense, o_proj).</summary>
    AttentionOutputProjection,

    /// <summary>Attention's query projection where the checkpoint stores it apart (q_proj); GPT-2 and GPT-NeoX fuse q, k and v and have none.</summary>
    AttentionQueryProjection,

    /// <summary>Norm before the MLP (ln_2, post_attention_layernorm); GPT-J has none.</summary>
    MlpNorm,

    /// <summary>The MLP sub-layer: its output is added to the residual stream.</summary>
    Mlp,

    /// <summary>MLP input projection to the intermediate width (c_fc, fc_in, dense_h_to_4h, up_proj).</summary>
    MlpUpProjection,

    /// <summary>The SwiGLU gate projection (gate_proj); LLaMA family only.</summary>
    MlpGateProjection,

    /// <summary>MLP output projection back to the residual width (c_proj, fc_out, dense_4h_to_h, down_proj): what ROME and MEMIT edit.</summary>
    MlpOutputProjection,

    /// <summary>Norm after the last block (ln_f, norm, final_layer_norm). Not per layer.</summary>
    FinalNorm,

    /// <summary>The output projection to vocabulary logits. Not per layer.</summary>
    LmHead,
}
