using Amend.Models.Architectures;

namespace Amend.Models.Hooks;

/// <summary>
/// A module of the forward pass addressed by role and layer (layer 0 for global roles). A trace on a
/// point can read or replace that module's input and output.
/// </summary>
public sealed record HookPoint(ModuleRole Role, int Layer = 0)
{
    /// <summary>The token embedding; its output is the residual stream entering block 0.</summary>
    public static HookPoint Embedding { get; } = new(ModuleRole.Embedding);

    /// <summary>Block i; its output is the residual stream after layer i (hidden_states[i+1]).</summary>
    public static HookPoint Block(int layer) => new(ModuleRole.Block, layer);

    /// <summary>Attention sub-layer of block i (output before the residual add).</summary>
    public static HookPoint Attention(int layer) => new(ModuleRole.Attention, layer);

    /// <summary>MLP sub-layer of block i (output before the residual add).</summary>
    public static HookPoint Mlp(int layer) => new(ModuleRole.Mlp, layer);

    /// <summary>The MLP output projection of block i: input = keys (ROME's k), output = values.</summary>
    public static HookPoint MlpOutputProjection(int layer) => new(ModuleRole.MlpOutputProjection, layer);

    /// <summary>"MlpOutputProjection[5]".</summary>
    public override string ToString() => $"{Role}[{Layer}]";
}
