using System.Text.Json;
using Amend.Models.Architectures;
using Amend.Models.Checkpoints;

namespace Amend.Editing.Statistics;

/// <summary>
/// Computed layer statistics on disk, one file per layer, keyed by what they depend on: a content hash of the
/// model's weights up to that layer, the layer, the corpus file (path, size, SHA-256), the row selection and the
/// max length. A run saves its partial sums periodically (<see cref="StatisticsOptions.CheckpointInterval"/>),
/// so an interrupted run resumes where its last checkpoint left off and ends with the same sums as an
/// uninterrupted one. Files are written to a temporary name and renamed into place.
/// </summary>
public sealed class StatisticsCache
{
    /// <summary>Uses <paramref name="directory"/>, or <see cref="DefaultDirectory"/> when null.</summary>
    public StatisticsCache(string? directory = null)
    {
        Directory = Path.GetFullPath(directory ?? DefaultDirectory);
    }

    /// <summary>The folder holding the cache files.</summary>
    public string Directory { get; }

    /// <summary>$AMEND_STATS_CACHE, else ~/.cache/amend/stats.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("AMEND_STATS_CACHE") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "amend", "stats");

    /// <summary>
    /// The statistics of <paramref name="layers"/>: read from the cache where present, else computed in one pass
    /// over the corpus (resuming a checkpoint of the same run if there is one) and stored. Results are in
    /// ascending layer order; each <see cref="KeyStatistics.Source"/> is its cache file.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A layer is outside the model's blocks.</exception>
    /// <exception cref="FileNotFoundException">The corpus file is missing.</exception>
    /// <exception cref="InvalidDataException">The corpus has no rows or no tokens, or a cache file is corrupt (the message names it).</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled; its last checkpoint stays on disk.</exception>
    public IReadOnlyList<KeyStatistics> GetOrCompute(EditableModel model, IReadOnlyList<int> layers, TextCorpus corpus, RowSelection rows, StatisticsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(rows);
        var all = new LayerStatistics(model, layers, options);
        var keys = Keys(all, corpus, rows);
        var found = all.Layers.ToDictionary(layer => layer, layer => TryLoad(EntryPath(model.Model.Architecture, layer, keys[layer]), keys[layer]));
        var missing = found.Where(entry => entry.Value is null).Select(entry => entry.Key).ToList();
        if (missing.Count > 0)
        {
            foreach (var computed in Compute(new LayerStatistics(model, missing, options), corpus, rows, keys)) found[computed.Layer] = computed;
        }

        return [.. all.Layers.Select(layer => found[layer]!)];
    }

    private IReadOnlyList<KeyStatistics> Compute(LayerStatistics run, TextCorpus corpus, RowSelection rows, Dictionary<int, string> keys)
    {
        string runKey = string.Join("\n", run.Layers.Select(layer => keys[layer]));
        string partial = Path.Combine(Directory, $"partial-{ShortHash.Of(runKey)}.amstats");
        var sums = TryResume(partial, runKey) ?? run.NewSums();

        StatisticsCacheHeader Header(KeyMomentSums s, string key, bool complete) =>
            new(key, [.. s.Layers], [.. s.Sums.Select(m => m.Rows)], s.Count, s.RowsConsumed, s.RowsDone, complete);

        run.Run(corpus, LayerStatistics.SelectedRows(corpus, rows), sums, s => StatisticsCacheFile.Write(partial, Header(s, runKey, false), s));
        var entries = run.Layers.Select(layer => EntryPath(run.Model.Model.Architecture, layer, keys[layer])).ToList();
        LayerStatistics.RequireTokens(corpus, sums);
        for (int i = 0; i < run.Layers.Count; i++)
        {
            var single = new KeyMomentSums([run.Layers[i]], [sums.Sums[i]]) { Count = sums.Count, RowsConsumed = sums.RowsConsumed, RowsDone = sums.RowsDone };
            StatisticsCacheFile.Write(entries[i], Header(single, keys[run.Layers[i]], true), single);
        }

        // The sums are written; only now do they become the statistics, in place.
        var results = LayerStatistics.Finish(corpus, sums, Directory);
        File.Delete(partial);
        return [.. results.Select((statistics, i) => statistics with { Source = entries[i] })];
    }

    // The partial sums of an interrupted run with this key, if any. Another process computing the same statistics
    // deletes the file when it finishes, possibly between a check for it and the read, so a missing file (or cache
    // folder, on a first run) is "none".
    private static KeyMomentSums? TryResume(string partial, string runKey)
    {
        try
        {
            var (header, saved) = StatisticsCacheFile.Read(partial);
            return header.Key == runKey && !header.Complete ? saved : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static KeyStatistics? TryLoad(string path, string key)
    {
        if (!File.Exists(path)) return null;
        var (header, sums) = StatisticsCacheFile.Read(path);
        return header.Key == key && header.Complete ? sums.TakeStatistics(0, path) : null;
    }

    private static Dictionary<int, string> Keys(LayerStatistics run, TextCorpus corpus, RowSelection rows)
    {
        string[] weights = ModelFingerprint.UpTo(run.Model.Model, run.Layers[^1]);
        string corpusFingerprint = corpus.Fingerprint();
        return run.Layers.ToDictionary(layer => layer, layer => JsonSerializer.Serialize(new
        {
            model = weights[layer],
            layer,
            module = run.Model.Model.Architecture.ModuleName(ModuleRole.MlpOutputProjection, layer),
            corpus = corpusFingerprint,
            rows = rows.Key,
            max_length = run.MaxLength,
        }));
    }

    private string EntryPath(ModelArchitecture architecture, int layer, string key) =>
        Path.Combine(Directory, $"{architecture.ModuleName(ModuleRole.MlpOutputProjection, layer)}-{ShortHash.Of(key)}.amstats");
}
