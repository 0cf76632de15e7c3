namespace Amend.Models.Checkpoints;

/// <summary>Which checkpoint tensors a model read, which it asked for in vain, and which it left untouched.</summary>
/// <param name="Source">The checkpoint (path or description).</param>
/// <param name="Used">Names read through <see cref="WeightSource.Get(string, Amend.Tensors.Shape)"/>, sorted.</param>
/// <param name="Ignored">Names the model declared it does not need (<see cref="WeightSource.Ignore"/>), sorted.</param>
/// <param name="Missing">Names asked for but absent (only under <see cref="UnmatchedWeightPolicy.Warn"/>; zeros were used), sorted.</param>
/// <param name="Unused">Checkpoint names never read nor ignored, sorted.</param>
public sealed record WeightUsageReport(
    string Source,
    IReadOnlyList<string> Used,
    IReadOnlyList<string> Ignored,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unused)
{
    // Listing thousands of names helps nobody; the first few show the pattern (a prefix, a renamed module).
    private const int NamesShown = 10;

    /// <summary>True when nothing was missing and nothing was left unused.</summary>
    public bool IsComplete => Missing.Count == 0 && Unused.Count == 0;

    /// <summary>"model: 148 tensors used; 2 missing (a, b); 1 unused (c)", listing at most 10 names per group.</summary>
    public override string ToString()
    {
        var parts = new List<string> { $"{Source}: {Used.Count} tensors used" };
        if (Ignored.Count > 0) parts.Add($"{Ignored.Count} ignored");
        if (Missing.Count > 0) parts.Add($"{Missing.Count} missing ({Sample(Missing)})");
        if (Unused.Count > 0) parts.Add($"{Unused.Count} unused ({Sample(Unused)})");
        return string.Join("; ", parts);
    }

    /// <summary>The first names of a group, then "... and N more".</summary>
    internal static string Sample(IReadOnlyList<string> names) =>
        string.Join(", ", names.Take(NamesShown)) + (names.Count > NamesShown ? $", ... and {names.Count - NamesShown} more" : string.Empty);
}
