using Amend.Evaluation.Datasets;
using Amend.Evaluation.Metrics;
using Amend.Evaluation.Running;

namespace Amend.Evaluation.Tests.Running;

public sealed class BenchmarkRunnerTests
{
    private static readonly RunOptions Fast = new() { Evaluation = new EvaluationOptions { FluencyLength = 24 } };

    [Fact]
    public void Single_EditsEachCaseFromTheOriginalWeights_AndRestoresThem()
    {
        // Given
        var model = TestBenchmark.Model();
        var original = model.Model.Parameter(ShiftEditor.Weight).Value;
        var editor = new ShiftEditor(0.5f);
        var progress = new List<RunProgress>();

        // When
        var result = new BenchmarkRunner(model, editor, Fast).Run(TestBenchmark.Counterfact(3), new SyncProgress(progress));

        // Then
        Assert.Same(original, model.Model.Parameter(ShiftEditor.Weight).Value);
        Assert.Equal(3, editor.Calls);
        Assert.All(result.Cases, c => Assert.Equal(1, c.EditsSoFar));
        Assert.Equal([1, 2, 3], progress.Select(p => p.Done));
        Assert.Contains(progress[^1].RunningMeans.Keys, k => k.StartsWith("reliability", StringComparison.Ordinal));
        var scores = result.Cases[0].Scores;
        Assert.Contains(scores, s => s is { Metric: MetricNames.Reliability, Protocol: MetricProtocol.TokenAccuracy });
        Assert.Contains(scores, s => s is { Metric: MetricNames.Portability, Kind: MetricNames.Overall });
        Assert.Contains(scores, s => s is { Metric: MetricNames.Locality, Kind: ProbeKinds.RelationSpecificity, Protocol: MetricProtocol.ArgmaxAgreement });
        Assert.Contains(scores, s => s is { Metric: MetricNames.Fluency, Protocol: MetricProtocol.NGramEntropy });
        Assert.Equal("single", result.Info.Mode);
        Assert.True(result.Timings.EditSeconds > 0 && result.Timings.ModelSeconds > 0);
    }

    [Fact]
    public void Fluency_OfAPromptAsLongAsTheLength_ScoresThePromptAlone()
    {
        // EasyEdit's generate_fast adds tokens only while the text is shorter than max_out_len.
        var options = Fast with { Limit = 1, Evaluation = Fast.Evaluation with { FluencyLength = 2 } };

        var result = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.5f), options).Run(TestBenchmark.Counterfact(1));

        var c = result.Cases[0];
        var text = c.Generations.Single(g => g.Purpose == MetricNames.Fluency);
        Assert.Equal(c.Requests[0].FilledPrompt, text.Text);
        Assert.Equal(100 * NGramEntropy.Of(text.Text), c.Scores.Single(s => s.Metric == MetricNames.Fluency).Value);
    }

    [Fact]
    public void Single_WithAZeroEdit_LeavesLocalityAt100()
    {
        var result = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0f), Fast).Run(TestBenchmark.Counterfact(2));

        var locality = result.Cases.SelectMany(c => c.Scores).Where(s => s.Metric == MetricNames.Locality).ToList();
        Assert.NotEmpty(locality);
        Assert.All(locality, s => Assert.Equal(100, s.Value));
    }

    [Fact]
    public void Single_IsDeterministic_AndTheProbabilityProtocolIsSeparate()
    {
        var options = Fast with { Evaluation = Fast.Evaluation with { Probability = true, ExactMatch = true } };
        var a = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.3f), options).Run(TestBenchmark.Counterfact(2));
        var b = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.3f), options).Run(TestBenchmark.Counterfact(2));

        Assert.Equal(a.Cases.SelectMany(c => c.Scores), b.Cases.SelectMany(c => c.Scores));
        var scores = a.Cases[0].Scores;
        Assert.Contains(scores, s => s is { Metric: MetricNames.Reliability, Protocol: MetricProtocol.ProbabilityComparison });
        Assert.Contains(scores, s => s is { Metric: MetricNames.Reliability, Protocol: MetricProtocol.ProbabilityMargin });
        Assert.Contains(scores, s => s is { Metric: MetricNames.Locality, Protocol: MetricProtocol.ProbabilityComparison });
        Assert.Contains(scores, s => s is { Metric: MetricNames.Reliability, Protocol: MetricProtocol.GreedyExactMatch });
    }

    [Fact]
    public void Sequential_AccumulatesEdits_EvaluatingAfterEachOrAtTheEnd()
    {
        var model = TestBenchmark.Model();
        var original = model.Model.Parameter(ShiftEditor.Weight).Value;

        var each = new BenchmarkRunner(model, new ShiftEditor(0.1f), Fast with { Mode = RunMode.Sequential, EvaluateEvery = 1 }).Run(TestBenchmark.Counterfact(3));
        var atEnd = new BenchmarkRunner(model, new ShiftEditor(0.1f), Fast with { Mode = RunMode.Sequential, EvaluateEvery = 0 }).Run(TestBenchmark.Counterfact(3));

        Assert.Equal([1, 2, 3], each.Cases.Select(c => c.EditsSoFar));
        Assert.Equal([3, 3, 3], atEnd.Cases.Select(c => c.EditsSoFar));
        Assert.Equal("after each edit", each.Info.Schedule);
        Assert.Equal("after all edits", atEnd.Info.Schedule);
        // The last case sees the same three edits either way.
        Assert.Equal(each.Cases[2].Scores, atEnd.Cases[2].Scores);
        Assert.Same(original, model.Model.Parameter(ShiftEditor.Weight).Value);
    }

    [Fact]
    public void Batch_EditsChunksThroughTheBatchEditor_AndRejectsSingleEditMethods()
    {
        var editor = new ShiftEditor(0.2f);

        var result = new BenchmarkRunner(TestBenchmark.Model(), editor, Fast with { Mode = RunMode.Batch, BatchSize = 2 }).Run(TestBenchmark.Counterfact(3));

        Assert.Equal(2, editor.Calls);
        Assert.Equal([2, 2, 1], result.Cases.Select(c => c.EditsSoFar));
        var error = Assert.Throws<ArgumentException>(() => new BenchmarkRunner(TestBenchmark.Model(), new SingleEditor(0.2f), Fast with { Mode = RunMode.Batch }));
        Assert.Contains("cannot run in batch mode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectedEdit_IsReportedOnItsCase_AndTheRunGoesOn()
    {
        var dataset = TestBenchmark.Counterfact(3);
        dataset = dataset with { Cases = [dataset.Cases[0], dataset.Cases[1] with { Requests = [dataset.Cases[1].Request with { TargetNew = "reject" }] }, dataset.Cases[2]] };

        var result = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.1f), Fast with { Mode = RunMode.Sequential }).Run(dataset);

        Assert.Contains("rejected", result.Cases[1].Error, StringComparison.Ordinal);
        Assert.Empty(result.Cases[1].Scores);
        Assert.Equal([1, 1, 2], result.Cases.Select(c => c.EditsSoFar));
    }

    [Theory]
    [InlineData(RunMode.Single)]
    [InlineData(RunMode.Sequential)]
    public void ACaseTooLongForTheModel_FailsAlone_AndTheRunGoesOn(RunMode mode)
    {
        var model = TestBenchmark.Model();
        var dataset = TestBenchmark.Counterfact(3);
        var request = dataset.Cases[1].Request;
        var longPrompt = string.Concat(Enumerable.Repeat("and then ", model.Model.MaxPositions)) + request.Prompt;
        dataset = dataset with { Cases = [dataset.Cases[0], dataset.Cases[1] with { Requests = [request with { Prompt = longPrompt }] }, dataset.Cases[2]] };
        var result = new BenchmarkRunner(model, new ShiftEditor(0.1f), Fast with { Mode = mode }).Run(dataset);

        Assert.Contains("record 1:", result.Cases[1].Error, StringComparison.Ordinal);
        Assert.Contains("tokens exceed", result.Cases[1].Error, StringComparison.Ordinal);
        Assert.Null(result.Cases[0].Error);
        Assert.Null(result.Cases[2].Error);
        Assert.NotEmpty(result.Cases[2].Scores);
    }

    [Fact]
    public void ACaseWhoseLocalityProbeIsTooLong_FailsBeforeItsEdit()
    {
        var model = TestBenchmark.Model();
        var dataset = TestBenchmark.Counterfact(2);
        var request = dataset.Cases[1].Request;
        var probe = new Probe(string.Concat(Enumerable.Repeat("and then ", model.Model.MaxPositions)), "x");
        dataset = dataset with { Cases = [dataset.Cases[0], dataset.Cases[1] with { Requests = [request with { Locality = new Dictionary<string, IReadOnlyList<Probe>> { ["long"] = [probe] } }] }] };
        var editor = new ShiftEditor(0.1f);

        var result = new BenchmarkRunner(model, editor, Fast).Run(dataset);
        var batchEditor = new ShiftEditor(0.1f);
        var batched = new BenchmarkRunner(model, batchEditor, Fast with { Mode = RunMode.Batch, BatchSize = 1 }).Run(dataset);

        Assert.Contains("record 1: a probe is too long", result.Cases[1].Error, StringComparison.Ordinal);
        Assert.Equal(1, editor.Calls);
        Assert.Contains("record 1: a probe is too long", batched.Cases[1].Error, StringComparison.Ordinal);
        Assert.Null(batched.Cases[0].Error);
        Assert.Equal(1, batchEditor.Calls);
    }

    [Fact]
    public void LimitAndShard_SelectByCaseIndex()
    {
        var runner = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0f), Fast with { Limit = 7, Shard = ShardSpec.Parse("1/3") });

        Assert.Equal([1, 4], runner.Select(TestBenchmark.Counterfact(20)).Select(c => c.Index));
        Assert.Throws<ArgumentException>(() => ShardSpec.Parse("3/3"));
        Assert.StartsWith("--shard must be i/n", Assert.Throws<ArgumentException>(() => ShardSpec.Parse("x", "--shard")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConvSentAndSanitation_ScoreWithTheirOwnProtocols()
    {
        var convSent = DatasetLoader.Load(SharedFixtures.Path("data", "knowedit", "Convsent", "blender_val.json.gz"));
        var sanitation = DatasetLoader.Load(SharedFixtures.Path("data", "knowedit", "Sanitation", "trivia_qa_test.json"));
        var options = Fast with { Limit = 1, Evaluation = Fast.Evaluation with { Fluency = false } };

        var sent = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.05f), options).Run(convSent).Cases[0].Scores;
        var sanitized = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0f), options).Run(sanitation).Cases[0].Scores;

        Assert.Contains(sent, s => s.Protocol == MetricProtocol.ConvSentEditSuccess && s.Value is >= 0 and <= 100);
        Assert.Contains(sent, s => s.Protocol == MetricProtocol.KlDivergence && s.Value > 0);
        Assert.Contains(sanitized, s => s.Protocol == MetricProtocol.RefusalMatch);
        Assert.Contains(sanitized, s => s is { Protocol: MetricProtocol.GenerationAgreement, Value: 100 });
    }

    [Fact]
    public void ConvSent_Sequential_ReadsEachCasesPreEditLogitsBack_FromDisk_Exactly()
    {
        // Given a sequential run, whose pre-edit logits for every case are spilled before the first edit, of an editor
        // that changes nothing
        var convSent = DatasetLoader.Load(SharedFixtures.Path("data", "knowedit", "Convsent", "blender_val.json.gz"));
        var options = Fast with { Mode = RunMode.Sequential, Limit = 3, Evaluation = Fast.Evaluation with { Fluency = false } };

        var cases = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0f), options).Run(convSent).Cases;

        // Then each case's KL(pre ‖ post) is exactly 0: its own rows came back, bit for bit
        Assert.Equal(3, cases.Count);
        Assert.All(cases, c => Assert.Equal(0.0, Assert.Single(c.Scores, s => s.Protocol == MetricProtocol.KlDivergence).Value));
    }

    private sealed class SyncProgress(List<RunProgress> into) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => into.Add(value);
    }
}
