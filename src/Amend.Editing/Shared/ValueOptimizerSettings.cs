using Amend.Models.Hooks;

namespace Amend.Editing.Shared;

/// <summary>How <see cref="ValueOptimizer"/> searches for v* (ROME) or z (MEMIT, PMET), in EasyEdit's terms.</summary>
/// <param name="EditPoint">Where the delta is added to the module's output: ROME's mlp_module_tmp (<see cref="HookPoint.Mlp"/>), MEMIT's layer_module_tmp (<see cref="HookPoint.Block"/>).</param>
/// <param name="LossLayer">The block whose output the objective reads through the final norm and LM head; the last block gives the model's own logits.</param>
/// <param name="Steps">v_num_grad_steps: forward passes at most (the last one takes no step).</param>
/// <param name="LearningRate">v_lr, Adam's step size.</param>
/// <param name="WeightDecay">v_weight_decay: the loss adds WeightDecay·‖δ‖ / ‖v₀‖² for each optimised delta.</param>
/// <param name="ClampNormFactor">clamp_norm_factor: after each step each ‖δ‖ is cut to ClampNormFactor·‖v₀‖ of its own point.</param>
/// <param name="KlFactor">kl_factor: the weight of KL(edited ‖ unedited) on the KL prompts.</param>
public sealed record ValueOptimizerSettings(HookPoint EditPoint, int LossLayer, int Steps, double LearningRate, double WeightDecay, double ClampNormFactor, double KlFactor)
{
    /// <summary>The loss below which the search stops early, as in ROME and MEMIT.</summary>
    public const double StopLoss = 5e-2;

    /// <summary>
    /// Further points whose deltas are optimised jointly with <see cref="EditPoint"/>'s, each added at the same tokens,
    /// with its own v₀, clamp and weight-decay term (PMET: the attention output of the z layer, next to its MLP output).
    /// Only <see cref="EditPoint"/>'s value is the result a method writes; these deltas help find it. Empty by default.
    /// </summary>
    public IReadOnlyList<HookPoint> JointEditPoints { get; init; } = [];

    /// <summary>nll_loss_factor: the weight of the NLL term (1 in ROME and MEMIT, which have no such key).</summary>
    public double NllFactor { get; init; } = 1;

    /// <summary>
    /// PMET's schedule: while every target token is the model's argmax on every rewriting prompt, the next pass weighs
    /// the NLL by 0.1·<see cref="NllFactor"/>, and the search stops once the weighted KL term is at most
    /// <see cref="SettledKl"/>; when a target token stops being the argmax the weight returns to <see cref="NllFactor"/>.
    /// </summary>
    public bool EaseNllAtArgmax { get; init; }

    /// <summary>The weighted KL below which <see cref="EaseNllAtArgmax"/> ends the search (EasyEdit's 0.01).</summary>
    public const double SettledKl = 1e-2;
}
