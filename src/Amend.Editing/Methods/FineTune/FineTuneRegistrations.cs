namespace Amend.Editing.Methods.FineTune;

/// <summary>
/// Fine-tuning under the three names EasyEdit uses: "FT" trains with the file's objective_optimization, while
/// "FT-L" and "FT-M" (any case, e.g. <c>--method ft-m</c>) force prompt_last and target_new, so one FT YAML
/// serves both variants. The hyperparameters recorded in the result show the objective that ran.
/// </summary>
public static class FineTuneRegistrations
{
    /// <summary>The registrations, for <see cref="EditorRegistry"/>.</summary>
    public static IReadOnlyList<EditorRegistration> All { get; } =
    [
        EditorRegistration.For<FineTuneHyperparameters>("FT", h => new FineTuneEditor(h)),
        EditorRegistration.For<FineTuneHyperparameters>("FT-L", "FT", h => new FineTuneEditor(h with { Objective = FineTuneObjective.PromptLast })),
        EditorRegistration.For<FineTuneHyperparameters>("FT-M", "FT", h => new FineTuneEditor(h with { Objective = FineTuneObjective.TargetNew })),
    ];
}
