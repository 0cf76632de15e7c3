namespace Amend.Models.Tokenizers;

/// <summary>What a Split pre-tokenizer does with the pattern's matches (Hugging Face <c>SplitDelimiterBehavior</c>).</summary>
internal enum SplitBehavior
{
    /// <summary>Drop the matches.</summary>
    Removed,

    /// <summary>Each match is a word of its own.</summary>
    Isolated,

    /// <summary>A match joins the word before it.</summary>
    MergedWithPrevious,

    /// <summary>A match joins the word after it.</summary>
    MergedWithNext,

    /// <summary>Consecutive matches form one word.</summary>
    Contiguous,
}

/// <summary>Cuts a piece at its matches and groups the parts as a <see cref="SplitBehavior"/> says, like Hugging Face.</summary>
internal static class SplitBehaviors
{
    public static void Apply(string text, List<(int Start, int Length)> matches, SplitBehavior behavior, bool invert, List<string> output)
    {
        var parts = Parts(text, matches, invert);
        var grouped = behavior switch
        {
            SplitBehavior.Removed => parts.Where(p => !p.IsMatch).ToList(),
            SplitBehavior.Isolated => parts,
            SplitBehavior.MergedWithPrevious => MergeMatches(parts),
            SplitBehavior.MergedWithNext => Reversed(MergeMatches(Reversed(parts), intoNext: true)),
            SplitBehavior.Contiguous => MergeRuns(parts),
            _ => throw new UnreachableException($"split behavior {behavior}"),
        };
        foreach (var part in grouped) output.Add(text.Substring(part.Start, part.End - part.Start));
    }

    /// <summary>The text as alternating non-empty parts, each flagged as a match (after inversion) or not.</summary>
    private static List<Part> Parts(string text, List<(int Start, int Length)> matches, bool invert)
    {
        var parts = new List<Part>(2 * matches.Count + 1);
        int last = 0;
        foreach (var (start, length) in matches)
        {
            if (start > last) parts.Add(new Part(last, start, invert));
            parts.Add(new Part(start, start + length, !invert));
            last = start + length;
        }

        if (last < text.Length) parts.Add(new Part(last, text.Length, invert));
        return parts;
    }

    /// <summary>
    /// A match that follows a non-match is absorbed by the part before it (in reversed order, the part after it);
    /// the absorbing part is no longer a match, so a second consecutive match stays on its own, as in Hugging Face.
    /// </summary>
    private static List<Part> MergeMatches(List<Part> parts, bool intoNext = false)
    {
        var merged = new List<Part>(parts.Count);
        bool previousMatch = false;
        foreach (var part in parts)
        {
            if (part.IsMatch && !previousMatch && merged.Count > 0)
            {
                var before = merged[^1];
                merged[^1] = intoNext ? before with { Start = part.Start } : before with { End = part.End };
            }
            else
            {
                merged.Add(part with { IsMatch = false });
            }

            previousMatch = part.IsMatch;
        }

        return merged;
    }

    private static List<Part> MergeRuns(List<Part> parts)
    {
        var merged = new List<Part>(parts.Count);
        foreach (var part in parts)
        {
            if (merged.Count > 0 && merged[^1].IsMatch == part.IsMatch) merged[^1] = merged[^1] with { End = part.End };
            else merged.Add(part);
        }

        return merged;
    }

    private static List<Part> Reversed(List<Part> parts)
    {
        var reversed = new List<Part>(parts);
        reversed.Reverse();
        return reversed;
    }

    private readonly record struct Part(int Start, int End, bool IsMatch);
}
