using System.Text.Json.Serialization;

namespace Amend.Editing.Hyperparameters;

/// <summary>
/// Reads an enum-valued hyperparameter by its name only: System.Text.Json's string converter also takes
/// integers, so a YAML <c>objective_optimization: 7</c> would run as some other objective without a word.
/// </summary>
public sealed class NamedEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
