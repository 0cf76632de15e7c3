using Amend.Models.Hooks;

namespace Amend.Editing.Shared;

/// <summary>How <see cref="ValueOptimizer"/> searches for v* (ROME) or z (MEMIT), in EasyEdit's terms.</summary>
/// <param name="EditPoint">Where the delta is added to the module's output: ROME's mlp_module_tmp (<see cref="HookPoint.Mlp"/>), MEMIT's layer_module_tmp (<see cref="HookPoint.Block"/>).</param>
/// <param name="LossLayer">The block whose output the objective reads through the final norm and LM head; the last block gives the model's own logits.</param>
/// <param name="Steps">v_num_grad_steps: forward passes at most (the last one takes no step).</param>
/// <param name="LearningRate">v_lr, Adam's step size.</param>
/// <param name="WeightDecay">v_weight_decay: the loss adds WeightDecay·‖δ‖ / ‖v₀‖².</param>
/// <param name="ClampNormFactor">clamp_norm_factor: after each step ‖δ‖ is cut to ClampNormFactor·‖v₀‖.</param>
/// <param name="KlFactor">kl_factor: the weight of KL(edited ‖ unedited) on the KL prompts.</param>
public sealed record ValueOptimizerSettings(HookPoint EditPoint, int LossLayer, int Steps, double LearningRate, double WeightDecay, double ClampNormFactor, double KlFactor)
{
    /// <summary>The loss below which the search stops early, as in ROME and MEMIT.</summary>
    public const double StopLoss = 5e-2;
}
