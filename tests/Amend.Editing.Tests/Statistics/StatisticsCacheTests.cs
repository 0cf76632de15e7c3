using Amend.Editing.Statistics;

namespace Amend.Editing.Tests.Statistics;

public sealed class StatisticsCacheTests
{
    [Fact]
    public void GetOrCompute_SecondCall_ReadsTheCache_WithoutRunningTheModel()
    {
        // Given a computed entry for layers 0 and 2
        using var folder = new TemporaryFolder();
        var corpus = TextCorpus.Open(StatisticsFixtures.SmallCorpus(folder.Path, 30));
        var cache = new StatisticsCache(Path.Combine(folder.Path, "cache"));
        var model = GoldenGpt2.Load();
        int reports = 0;
        var options = new StatisticsOptions { Progress = new SynchronousProgress<StatisticsProgress>(_ => reports++) };
        var first = cache.GetOrCompute(model, [0, 2], corpus, RowSelection.All, options);
        int reportsOfFirst = reports;

        // When the same statistics are asked for again
        var second = cache.GetOrCompute(model, [2, 0], corpus, RowSelection.All, options);

        // Then nothing is recomputed and the values are bit-identical, read from the layer's file
        Assert.True(reportsOfFirst > 0);
        Assert.Equal(reportsOfFirst, reports);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(first[i].SecondMoment.Data, second[i].SecondMoment.Data);
            Assert.Equal(first[i].Count, second[i].Count);
            Assert.StartsWith(cache.Directory, second[i].Source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void GetOrCompute_AfterAnEditOfTheLayerBelow_Recomputes()
    {
        // Given a cached entry for layer 1
        using var folder = new TemporaryFolder();
        var corpus = TextCorpus.Open(StatisticsFixtures.SmallCorpus(folder.Path, 20));
        var cache = new StatisticsCache(Path.Combine(folder.Path, "cache"));
        var model = GoldenGpt2.Load();
        var before = cache.GetOrCompute(model, [1], corpus, RowSelection.All)[0];

        // When a weight of block 0 changes
        var weight = model.Model.Parameter("transformer.h.0.mlp.c_fc.weight");
        weight.Value = weight.Value * 1.5f;
        var after = cache.GetOrCompute(model, [1], corpus, RowSelection.All)[0];

        // Then the statistics are computed anew, under another file
        Assert.NotEqual(before.Source, after.Source);
        Assert.NotEqual(before.SecondMoment.Data, after.SecondMoment.Data);
    }

    [Fact]
    public void GetOrCompute_ResumedAfterCancellation_EqualsAnUninterruptedRun()
    {
        // Given a 350-row corpus (four groups of up to 100 rows), checkpointing after every group
        using var folder = new TemporaryFolder();
        var corpus = TextCorpus.Open(StatisticsFixtures.SmallCorpus(folder.Path, 350));
        var model = GoldenGpt2.Load();
        var interrupted = new StatisticsCache(Path.Combine(folder.Path, "interrupted"));
        using var cancel = new CancellationTokenSource();
        var cancelling = new StatisticsOptions
        {
            CheckpointInterval = TimeSpan.Zero,
            Cancellation = cancel.Token,
            Progress = new SynchronousProgress<StatisticsProgress>(p =>
            {
                if (p.RowsDone > 250) cancel.Cancel();
            }),
        };

        // When a run is cancelled in its third group, then run again to the end
        Assert.ThrowsAny<OperationCanceledException>(() => interrupted.GetOrCompute(model, [0, 1], corpus, RowSelection.All, cancelling));
        Assert.Single(Directory.GetFiles(interrupted.Directory, "partial-*"));
        int firstRowsReported = -1;
        var resuming = new StatisticsOptions { Progress = new SynchronousProgress<StatisticsProgress>(p => firstRowsReported = firstRowsReported < 0 ? p.RowsDone : firstRowsReported) };
        var resumed = interrupted.GetOrCompute(model, [0, 1], corpus, RowSelection.All, resuming);
        var uninterrupted = new StatisticsCache(Path.Combine(folder.Path, "fresh")).GetOrCompute(model, [0, 1], corpus, RowSelection.All);

        // Then it continued after the saved groups and ended with bit-identical sums; the checkpoint is gone
        Assert.True(firstRowsReported > 200, $"resumed run started at row {firstRowsReported}");
        Assert.Empty(Directory.GetFiles(interrupted.Directory, "partial-*"));
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(uninterrupted[i].Count, resumed[i].Count);
            Assert.Equal(uninterrupted[i].SecondMoment.Data, resumed[i].SecondMoment.Data);
        }
    }

    [Fact]
    public void GetOrCompute_SameStatisticsInParallel_AllSucceedAndAgree()
    {
        // Given one empty cache and several computations of the same layer at once, each checkpointing after every
        // group (so they write, read and delete the same partial file while the others run)
        using var folder = new TemporaryFolder();
        var corpus = TextCorpus.Open(StatisticsFixtures.SmallCorpus(folder.Path, 250));
        string directory = Path.Combine(folder.Path, "cache");
        var options = new StatisticsOptions { CheckpointInterval = TimeSpan.Zero };

        // When
        var results = new KeyStatistics[4];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = results.Length }, i =>
            results[i] = new StatisticsCache(directory).GetOrCompute(GoldenGpt2.Load(), [1], corpus, RowSelection.All, options)[0]);

        // Then every one finished with the same second moment, and no partial file is left behind
        foreach (var result in results) Assert.Equal(results[0].SecondMoment.Data, result.SecondMoment.Data);
        Assert.Empty(Directory.GetFiles(directory, "partial-*"));
    }

    [Fact]
    public void GetOrCompute_CorruptCacheFile_NamesIt()
    {
        // Given a cache entry overwritten with garbage
        using var folder = new TemporaryFolder();
        var corpus = TextCorpus.Open(StatisticsFixtures.SmallCorpus(folder.Path, 5));
        var cache = new StatisticsCache(Path.Combine(folder.Path, "cache"));
        var model = GoldenGpt2.Load();
        string path = cache.GetOrCompute(model, [0], corpus, RowSelection.All)[0].Source;
        File.WriteAllText(path, "not statistics");

        // When it is read, Then the error names the file and the fix
        var error = Assert.Throws<InvalidDataException>(() => cache.GetOrCompute(model, [0], corpus, RowSelection.All));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("amend stats", error.Message, StringComparison.Ordinal);
    }
}
