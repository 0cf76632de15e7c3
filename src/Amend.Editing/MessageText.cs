namespace Amend.Editing;

/// <summary>
/// Request text quoted in an error or a warning: whole when short, else its start and end with its length, so a
/// prompt of many paragraphs does not bury the message that names it.
/// </summary>
internal static class MessageText
{
    private const int Longest = 160, Head = 100, Tail = 40;

    /// <summary><paramref name="text"/> in double quotes, shortened past <see cref="Longest"/> characters.</summary>
    public static string Quote(string text)
    {
        if (text.Length <= Longest) return $"\"{text}\"";
        int head = char.IsHighSurrogate(text[Head - 1]) ? Head - 1 : Head;
        int tail = char.IsLowSurrogate(text[^Tail]) ? Tail - 1 : Tail;
        return $"\"{text[..head]}…{text[^tail..]}\" ({text.Length} characters)";
    }

    /// <summary>Up to <paramref name="most"/> items joined by ", ", and how many more there are.</summary>
    public static string List(IEnumerable<string> items, int most = 40)
    {
        var all = items.ToList();
        string shown = string.Join(", ", all.Take(most));
        return all.Count <= most ? shown : $"{shown}, … ({all.Count - most} more)";
    }
}
