using System.CommandLine;

namespace Amend.Cli.Commands;

/// <summary>Parse-time checks shared by options, so a bad count is refused before a model loads rather than clamped in silence.</summary>
internal static class OptionRules
{
    /// <summary>Refuses a value below <paramref name="minimum"/>, naming the option.</summary>
    public static Option<int> AtLeast(this Option<int> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < minimum) result.AddError($"{option.Name} must be at least {minimum}, got {value}");
        });
        return option;
    }

    /// <summary>Refuses a given value below <paramref name="minimum"/>, naming the option; an absent value keeps its default.</summary>
    public static Option<int?> AtLeast(this Option<int?> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is int value && value < minimum) result.AddError($"{option.Name} must be at least {minimum}, got {value}");
        });
        return option;
    }

    /// <summary>Refuses a value outside <paramref name="minimum"/>..<paramref name="maximum"/>, naming the option and what the range is.</summary>
    public static Option<int> InRange(this Option<int> option, int minimum, int maximum, string range)
    {
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < minimum || value > maximum) result.AddError($"{option.Name} must be in {minimum}..{maximum} ({range}), got {value}");
        });
        return option;
    }
}
