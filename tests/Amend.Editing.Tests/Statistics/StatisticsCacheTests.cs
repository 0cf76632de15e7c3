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
    public void GetOrCompute_AfterAnEditOfTheLayersOwnOutputProjection_ReadsTheCache_ButRecomputesTheLayerAbove()
    {
        // Given cached entries for layers 1 and 2
        using var folder = new TemporaryFolder();
        var corpus = TextCorpus.Open(StatisticsFixtures.SmallCorpus(folder.Path, 20));
        var cache = new StatisticsCache(Path.Combine(folder.Path, "cache"));
        var model = GoldenGpt2.Load();
        var before = cache.GetOrCompute(model, [1, 2], corpus, RowSelection.All);

        // When layer 1's MLP output projection is edited, as ROME and MEMIT do, whose input layer 1's keys are
        var weight = model.Model.Parameter("transformer.h.1.mlp.c_proj.weight");
        weight.Value = weight.Value * 1.5f;
        int reports = 0;
        var options = new StatisticsOptions { Progress = new SynchronousProgress<StatisticsProgress>(_ => reports++) };
        var layer1 = cache.GetOrCompute(model, [1], corpus, RowSelection.All, options)[0];

        // Then layer 1's entry still holds, while layer 2, whose keys it feeds, is computed anew
        Assert.Equal(0, reports);
        Assert.Equal(before[0].Source, layer1.Source);
        Assert.Equal(before[0].SecondMoment.Data, layer1.SecondMoment.Data);
        var layer2 = cache.GetOrCompute(model, [2], corpus, RowSelection.All, options)[0];
        Assert.True(reports > 0);
        Assert.NotEqual(before[1].Source, layer2.Source);
    }

    [Fact]
    public void ComputedStatistics_ComputesMissingLayersInOnePass_AndKeepsTheFirstForTheModel()
    {
        // Given a source over a corpus, and a model
        using var folder = new TemporaryFolder();
        int passes = 0;
        var options = new StatisticsOptions { Progress = new SynchronousProgress<StatisticsProgress>(p => passes += p.RowsDone == p.RowsTotal ? 1 : 0) };
        var source = new ComputedStatistics(TextCorpus.Open(StatisticsFixtures.SmallCorpus(folder.Path, 20)), new StatisticsCache(Path.Combine(folder.Path, "cache")), options);
        var model = GoldenGpt2.Load();
        var request = new StatisticsRequest("wikipedia", 20, "float32");

        // When two layers are asked for through the interface, as MEMIT does, then again after an edit below them
        IKeyStatisticsSource asInterface = source;
        var first = asInterface.GetMany(model, [2, 0], request);
        var weight = model.Model.Parameter("transformer.h.0.mlp.c_fc.weight");
        weight.Value = weight.Value * 1.5f;
        var again = source.Get(model, 2, request);

        // Then one pass served both, in the order asked, and the edited model is still measured by its first C,
        // as EasyEdit's covariance cache does for a sequential run; another model gets its own
        Assert.Equal(1, passes);
        Assert.Equal([2, 0], first.Select(s => s.Layer));
        Assert.Same(first[0], again);
        var other = GoldenGpt2.Load();
        Assert.NotSame(first[0], source.Get(other, 2, request));
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
