using System.Text.Json.Serialization;
using Amend.Editing.Hyperparameters;

namespace Amend.Editing.Methods.FineTune;

/// <summary>What fine-tuning maximises (EasyEdit's <c>objective_optimization</c>).</summary>
[JsonConverter(typeof(NamedEnumConverter<FineTuneObjective>))]
public enum FineTuneObjective
{
    /// <summary>
    /// FT-L (<c>prompt_last</c>): the mean log-probability of every target token, all read at the prompt's
    /// last position, ℓ = −(1/|y|)·Σⱼ log p(yⱼ | prompt). Not teacher forcing: each token is scored as if it
    /// were the first one of the answer.
    /// </summary>
    [JsonStringEnumMemberName("prompt_last")]
    PromptLast,

    /// <summary>
    /// FT-M (<c>target_new</c>): cross-entropy of the target tokens of "prompt + ' ' + target" under teacher
    /// forcing, prompt tokens masked out, ℓ = −(1/|y|)·Σⱼ log p(yⱼ | prompt, y₍&lt;ⱼ₎).
    /// </summary>
    [JsonStringEnumMemberName("target_new")]
    TargetNew,
}
