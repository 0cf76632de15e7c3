using System.Globalization;

namespace Amend.World.Training;

/// <summary>A <see cref="TrainingOptions"/> value out of its range: which property, its value and the rule it breaks.</summary>
/// <param name="Property">The property's name, e.g. <c>WarmupSteps</c>.</param>
/// <param name="Value">The value given.</param>
/// <param name="Rule">What the value must be, e.g. "at least 1".</param>
public sealed record TrainingOptionViolation(string Property, object Value, string Rule)
{
    /// <summary>"<paramref name="name"/> must be RULE, got VALUE": the violation under the name the caller knows the value by.</summary>
    public string Describe(string name) => string.Create(CultureInfo.InvariantCulture, $"{name} must be {Rule}, got {Value}");
}
