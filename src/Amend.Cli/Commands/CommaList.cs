namespace Amend.Cli.Commands;

/// <summary>An option's comma-separated values ("3, 4,5"), trimmed; an empty item ("1,,3") is an error, not skipped.</summary>
internal static class CommaList
{
    /// <param name="text">The option's value.</param>
    /// <param name="option">The option, for the message about an empty item.</param>
    /// <param name="whenEmpty">The message when no value is given at all.</param>
    /// <exception cref="ArgumentException">No value, or an empty item.</exception>
    public static string[] Items(string text, string option, string whenEmpty)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        if (items.All(item => item.Length == 0)) throw new ArgumentException(whenEmpty);
        if (items.Any(item => item.Length == 0)) throw new ArgumentException($"{option}: \"{text}\" has an empty item");
        return items;
    }
}
