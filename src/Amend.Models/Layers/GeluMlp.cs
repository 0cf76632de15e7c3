using Amend.Models.Hooks;

namespace Amend.Models.Layers;

/// <summary>The two-layer MLP of GPT-2, GPT-J and GPT-NeoX: down(act(up(x))).</summary>
internal sealed class GeluMlp(Linear up, Linear down, Func<Tensor, Tensor> activation)
{
    // x: (B, T, C) → up: (B, T, F) → down: (B, T, C). The down projection's input is the key ROME edits with.
    public Tensor Forward(Tensor x, HookRegistry hooks, int layer) =>
        hooks.Run(HookPoint.MlpOutputProjection(layer), activation(up.Forward(x)), down.Forward);

    public IEnumerable<Parameter> Parameters() => up.Parameters().Concat(down.Parameters());
}
