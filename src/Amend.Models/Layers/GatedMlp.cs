using Amend.Models.Hooks;

namespace Amend.Models.Layers;

/// <summary>SwiGLU feed-forward of LLaMA-family blocks: down(act(gate(x)) ⊙ up(x)).</summary>
internal sealed class GatedMlp(Linear gate, Linear up, Linear down, Func<Tensor, Tensor> activation)
{
    // x: (B, T, C); gate, up: (B, T, F); y: (B, T, C)
    public Tensor Forward(Tensor x, HookRegistry hooks, int layer) =>
        hooks.Run(HookPoint.MlpOutputProjection(layer), activation(gate.Forward(x)).Mul(up.Forward(x)), down.Forward);

    public IEnumerable<Parameter> Parameters() => gate.Parameters().Concat(up.Parameters()).Concat(down.Parameters());
}
