using System.Globalization;

namespace Amend.World.Training;

/// <summary>
/// A setting out of its range (of <see cref="TrainingOptions"/> or <see cref="ModelSpec"/>): which property, its value and
/// the rule it breaks, so that a caller can name the value as its user gave it (a command-line flag, a field).
/// </summary>
/// <param name="Property">The property's name, e.g. <c>WarmupSteps</c>.</param>
/// <param name="Value">The value given.</param>
/// <param name="Rule">What the value must be, e.g. "at least 1".</param>
public sealed record SettingViolation(string Property, object Value, string Rule)
{
    /// <summary>"<paramref name="name"/> must be RULE, got VALUE": the violation under the name the caller knows the value by.</summary>
    public string Describe(string name) => string.Create(CultureInfo.InvariantCulture, $"{name} must be {Rule}, got {Value}");

    /// <summary>The first rule, in the order given, that does not hold; null when all hold.</summary>
    internal static SettingViolation? First(params (bool Ok, string Property, object Value, string Rule)[] rules) =>
        rules.Where(r => !r.Ok).Select(r => new SettingViolation(r.Property, r.Value, r.Rule)).FirstOrDefault();
}
