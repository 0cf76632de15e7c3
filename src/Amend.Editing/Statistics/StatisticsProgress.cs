namespace Amend.Editing.Statistics;

/// <summary>A progress report of a statistics run.</summary>
/// <param name="RowsDone">Selected corpus rows processed so far (a resumed run starts at the saved count).</param>
/// <param name="RowsTotal">Selected corpus rows in all.</param>
/// <param name="Tokens">Key vectors (real tokens) counted so far, resumed ones included.</param>
/// <param name="TokensThisRun">Tokens run through the model by this process, for throughput.</param>
/// <param name="Elapsed">Time since this process started the run.</param>
public sealed record StatisticsProgress(int RowsDone, int RowsTotal, long Tokens, long TokensThisRun, TimeSpan Elapsed)
{
    /// <summary>The rows as a step of an edit, as progress displays name it beside the method's own steps.</summary>
    public EditProgress AsEditStep() => new("key statistics (corpus rows)", RowsDone, RowsTotal);
}
