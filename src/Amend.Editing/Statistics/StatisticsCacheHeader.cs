namespace Amend.Editing.Statistics;

/// <summary>The JSON header of a statistics cache file.</summary>
/// <param name="Key">What the sums were computed from (model hash, layers, corpus, selection, max length), compared on load.</param>
/// <param name="Layers">Block indices of the stored sums.</param>
/// <param name="Widths">Key width d of each.</param>
/// <param name="Count">Keys counted.</param>
/// <param name="RowsConsumed">Corpus rows read past: where a resumed run continues.</param>
/// <param name="RowsDone">Selected rows processed.</param>
/// <param name="Complete">Whether the run finished (otherwise this is a checkpoint to resume from).</param>
internal sealed record StatisticsCacheHeader(string Key, int[] Layers, int[] Widths, long Count, int RowsConsumed, int RowsDone, bool Complete);
