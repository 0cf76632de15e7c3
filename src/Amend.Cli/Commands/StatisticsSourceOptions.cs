using System.CommandLine;
using Amend.Editing.Statistics;

namespace Amend.Cli.Commands;

/// <summary>Where an editor's covariance statistics come from, for the commands that edit (edit, bench).</summary>
internal sealed class StatisticsSourceOptions
{
    public Option<string?> StatsDir { get; } = new("--stats-dir")
    {
        Description = "EasyEdit/ROME statistics directory (DIR/<model_name>/<dataset>_stats/<module>_float32_mom2_<n>.npz).",
    };

    public Option<string?> StatsModelName { get; } = new("--stats-model-name")
    {
        Description = "The model_name folder under --stats-dir (default: the model folder's name).",
    };

    public Option<string?> Covariance { get; } = new("--covariance") { Description = "A covariance safetensors file (as written by amend stats --out)." };

    public Option<string?> Corpus { get; } = new("--stats-corpus") { Description = "Compute missing statistics over this text/JSONL corpus (cached, resumable)." };

    public Option<string?> Cache { get; } = new("--stats-cache") { Description = "Statistics cache folder for --stats-corpus (default $AMEND_STATS_CACHE, else ~/.cache/amend/stats)." };

    public void AddTo(Command command)
    {
        foreach (var option in new[] { StatsDir, StatsModelName, Covariance, Corpus, Cache }) command.Add(option);
    }

    /// <summary>The source the options name, or null when none is given (methods that need statistics then say how to give them).</summary>
    /// <param name="parse">The command line.</param>
    /// <param name="modelArgument">
    /// --model as given, a folder or a hub id: its last part names the model in a --stats-dir, as EasyEdit takes
    /// <c>_name_or_path.rsplit('/')[-1]</c> (a hub model's cache folder would be "main").
    /// </param>
    /// <param name="cancellation">Stops a corpus pass between forward passes (its last checkpoint stays in the cache).</param>
    /// <param name="progress">Receives a corpus pass's progress.</param>
    public IKeyStatisticsSource? Build(ParseResult parse, string modelArgument, CancellationToken cancellation = default, IProgress<StatisticsProgress>? progress = null)
    {
        var given = new[] { parse.GetValue(StatsDir), parse.GetValue(Covariance), parse.GetValue(Corpus) }.Count(v => v is not null);
        if (given > 1) throw new ArgumentException("give one of --stats-dir, --covariance and --stats-corpus");
        if (parse.GetValue(StatsDir) is string dir)
        {
            return parse.GetValue(StatsModelName) is string name ? new EasyEditStatsDirectory(dir, name) : EasyEditStatsDirectory.ForModelPath(dir, modelArgument);
        }
        if (parse.GetValue(Covariance) is string file) return new CovarianceFile(file);
        if (parse.GetValue(Corpus) is string corpus) return new ComputedStatistics(TextCorpus.Open(corpus), new StatisticsCache(parse.GetValue(Cache)), new StatisticsOptions { Cancellation = cancellation, Progress = progress });
        return null;
    }
}
