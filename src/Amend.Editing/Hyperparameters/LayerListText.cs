namespace Amend.Editing.Hyperparameters;

/// <summary>A layer list as messages show it: in full when short, else its first entries, its last and its length.</summary>
internal static class LayerListText
{
    // More than a 48-layer model's worth is never a real list; a message must stay one readable line.
    private const int Shown = 8;

    /// <summary>"[3, 4, 5]", or "[0, 1, …, 99999] (100000 entries)" for a long list.</summary>
    public static string Format(IReadOnlyList<int> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count <= Shown) return $"[{string.Join(", ", layers)}]";
        return $"[{string.Join(", ", layers.Take(Shown - 1))}, …, {layers[^1]}] ({layers.Count} entries)";
    }

    /// <summary>One problem when <paramref name="layers"/> names a layer more than once, or none.</summary>
    public static IEnumerable<string> Repeated(IReadOnlyList<int>? layers)
    {
        if (layers is not null && layers.Distinct().Count() != layers.Count) yield return $"layers: {Format(layers)} names a layer twice";
    }

    /// <summary>One problem naming every entry of <paramref name="layers"/> outside 0..numLayers-1, or none.</summary>
    public static IEnumerable<string> OutOfRange(IReadOnlyList<int>? layers, int numLayers)
    {
        var outside = (layers ?? []).Where(l => (uint)l >= (uint)numLayers).ToList();
        if (outside.Count == 1) yield return $"layers: {outside[0]} is out of range; this model has layers 0..{numLayers - 1}";
        else if (outside.Count > 1) yield return $"layers: {Format(outside)} are out of range; this model has layers 0..{numLayers - 1}";
    }
}
