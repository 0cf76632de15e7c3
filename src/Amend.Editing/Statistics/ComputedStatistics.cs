using System.Runtime.CompilerServices;

namespace Amend.Editing.Statistics;

/// <summary>
/// Statistics computed over a given corpus, through a <see cref="StatisticsCache"/>: a cached result is read, a
/// missing one is computed (resuming an interrupted run) and stored. The request's sample count picks rows as
/// EasyEdit does (<see cref="RowSelection.EasyEditSample"/>); its dataset name is not used, since the corpus is
/// given explicitly.
/// </summary>
/// <remarks>
/// The first statistics of a layer for a model are kept for as long as the model is, as EasyEdit keeps its
/// covariance cache for a run: sequential edits, whose earlier layers change the keys of later ones, measure
/// every edit against the unedited model's C, and a lookup after the first costs neither a corpus pass nor a hash
/// of the weights.
/// </remarks>
public sealed class ComputedStatistics : IKeyStatisticsSource
{
    private readonly StatisticsOptions _options;
    private readonly ConditionalWeakTable<EditableModel, Dictionary<(int Layer, int Samples), KeyStatistics>> _kept = [];

    /// <summary>Computes over <paramref name="corpus"/> into <paramref name="cache"/>, with <paramref name="options"/> (progress, max length...).</summary>
    public ComputedStatistics(TextCorpus corpus, StatisticsCache cache, StatisticsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(cache);
        (Corpus, Cache, _options) = (corpus, cache, options ?? new StatisticsOptions());
    }

    /// <summary>The corpus every layer is measured on.</summary>
    public TextCorpus Corpus { get; }

    /// <summary>Where results and checkpoints are kept.</summary>
    public StatisticsCache Cache { get; }

    /// <inheritdoc/>
    public KeyStatistics Get(EditableModel model, int layer, StatisticsRequest request) => GetMany(model, [layer], request)[0];

    /// <summary>Several layers at once, in the order given: missing ones are computed in a single pass over the corpus (as MEMIT needs for all its layers).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The request's sample count is not positive, or a layer is out of range.</exception>
    public IReadOnlyList<KeyStatistics> GetMany(EditableModel model, IReadOnlyList<int> layers, StatisticsRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(request);
        var kept = _kept.GetValue(model, _ => []);
        lock (kept)
        {
            var missing = layers.Where(layer => !kept.ContainsKey((layer, request.Samples))).Distinct().ToList();
            if (missing.Count > 0)
            {
                foreach (var computed in Cache.GetOrCompute(model, missing, Corpus, RowSelection.EasyEditSample(request.Samples), _options))
                {
                    kept[(computed.Layer, request.Samples)] = computed;
                }
            }

            return [.. layers.Select(layer => kept[(layer, request.Samples)])];
        }
    }
}
