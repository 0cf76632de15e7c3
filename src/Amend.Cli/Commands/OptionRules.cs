using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Amend.Cli.Commands;

/// <summary>Parse-time checks shared by options, so a bad value is refused before a model loads rather than clamped in silence.</summary>
internal static class OptionRules
{
    /// <summary>Refuses a value <paramref name="ok"/> rejects: "--name must be RULE, got VALUE". An absent (null) value is not checked.</summary>
    public static Option<T> Must<T>(this Option<T> option, Func<T, bool> ok, string rule)
    {
        option.Validators.Add(result =>
        {
            if (TryRead<T>(result) is (true, T value) && !ok(value)) result.AddError($"{option.Name} must be {rule}, got {Given(result, value)}");
        });
        return option;
    }

    // What the user typed, where it differs from the value read: "1e39" reads as a float's infinity.
    private static string Given<T>(OptionResult result, T value)
    {
        string shown = value is string text ? $"\"{text}\"" : string.Create(CultureInfo.InvariantCulture, $"{value}");
        if (value is not float number || float.IsFinite(number) || result.Tokens.Count != 1) return shown;
        string typed = result.Tokens[0].Value;
        return double.TryParse(typed, CultureInfo.InvariantCulture, out double wide) && double.IsFinite(wide) ? $"{typed} (beyond a float's range)" : shown;
    }

    // A token that is no T at all ("--runs abc") already has the parser's own error, and reading it throws.
    private static (bool Read, T? Value) TryRead<T>(OptionResult result)
    {
        try
        {
            return (true, result.GetValueOrDefault<T>());
        }
        catch (InvalidOperationException)
        {
            return (false, default);
        }
    }

    /// <summary>Refuses an empty or blank path, naming the option: the file system's own error ("The value cannot be an empty string") names neither.</summary>
    public static Option<T> NonEmptyPath<T>(this Option<T> option) => option.Must(value => value is not string path || !string.IsNullOrWhiteSpace(path), "a path");

    /// <summary>Refuses a value below <paramref name="minimum"/>, naming the option.</summary>
    public static Option<int> AtLeast(this Option<int> option, int minimum) => option.Must(value => value >= minimum, $"at least {minimum}");

    /// <summary>Refuses a given value below <paramref name="minimum"/>, naming the option; an absent value keeps its default.</summary>
    public static Option<int?> AtLeast(this Option<int?> option, int minimum) => option.Must(value => value is not int given || given >= minimum, $"at least {minimum}");

    /// <summary>Refuses a value outside <paramref name="minimum"/>..<paramref name="maximum"/>, naming the option and what the range is.</summary>
    public static Option<int> InRange(this Option<int> option, int minimum, int maximum, string range) =>
        option.Must(value => value >= minimum && value <= maximum, $"in {minimum}..{maximum} ({range})");
}
