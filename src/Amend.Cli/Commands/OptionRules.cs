using System.CommandLine;
using System.Globalization;

namespace Amend.Cli.Commands;

/// <summary>Parse-time checks shared by options, so a bad value is refused before a model loads rather than clamped in silence.</summary>
internal static class OptionRules
{
    /// <summary>Refuses a value <paramref name="ok"/> rejects: "--name must be RULE, got VALUE".</summary>
    public static Option<T> Must<T>(this Option<T> option, Func<T, bool> ok, string rule)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<T>();
            if (!ok(value)) result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be {rule}, got {value}"));
        });
        return option;
    }

    /// <summary>Refuses a value below <paramref name="minimum"/>, naming the option.</summary>
    public static Option<int> AtLeast(this Option<int> option, int minimum) => option.Must(value => value >= minimum, $"at least {minimum}");

    /// <summary>Refuses a given value below <paramref name="minimum"/>, naming the option; an absent value keeps its default.</summary>
    public static Option<int?> AtLeast(this Option<int?> option, int minimum) => option.Must(value => value is not int given || given >= minimum, $"at least {minimum}");

    /// <summary>Refuses a value outside <paramref name="minimum"/>..<paramref name="maximum"/>, naming the option and what the range is.</summary>
    public static Option<int> InRange(this Option<int> option, int minimum, int maximum, string range) =>
        option.Must(value => value >= minimum && value <= maximum, $"in {minimum}..{maximum} ({range})");
}
