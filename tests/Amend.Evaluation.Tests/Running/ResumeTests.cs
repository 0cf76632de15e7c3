using Amend.Evaluation.Reports;
using Amend.Evaluation.Running;

namespace Amend.Evaluation.Tests.Running;

public sealed class ResumeTests : IDisposable
{
    private static readonly RunOptions Batch = new() { Mode = RunMode.Batch, BatchSize = 2, Evaluation = new EvaluationOptions { FluencyLength = 24 } };
    private readonly string _folder = Directory.CreateTempSubdirectory("amend-resume-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Run_StoppedAfterACase_HasRecordedIt_AndRestoresTheWeights()
    {
        // Given a sequential run of 3 cases, stopped as the first is reported
        var model = TestBenchmark.Model();
        var original = model.Model.Parameter(ShiftEditor.Weight).Value;
        var editor = new ShiftEditor(0.2f);
        using var stop = new CancellationTokenSource();
        var recorded = new List<CaseResult>();
        var runner = new BenchmarkRunner(model, editor, Batch with { Mode = RunMode.Sequential });

        // When
        Assert.ThrowsAny<OperationCanceledException>(() => runner.Run(TestBenchmark.Counterfact(3), new Synchronous(_ => stop.Cancel()), stop.Token, new RunRecording([], recorded.Add)));

        // Then the finished case is on record for resuming, no second edit began, the edit saw the token, and the weights are back
        Assert.Equal([0], recorded.Select(c => c.Index));
        Assert.Equal(1, editor.Calls);
        Assert.Equal(stop.Token, editor.LastOptions!.Cancellation);
        Assert.Same(original, model.Model.Parameter(ShiftEditor.Weight).Value);
    }

    [Fact]
    public void Run_HandsOnEachCaseAsItFinishes_AndAResumedBatchRunRedoesTheBatchItStoppedIn()
    {
        // Given a whole batch run of 5 cases (batches {0, 1}, {2, 3}, {4}), every case handed on as it finished
        var dataset = TestBenchmark.Counterfact(5);
        var recorded = new List<CaseResult>();
        var whole = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.2f), Batch).Run(dataset, recording: new RunRecording([], recorded.Add));

        // When a run that stopped after cases 0, 1 and 2 resumes
        var again = new List<CaseResult>();
        var resumed = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.2f), Batch).Run(dataset, recording: new RunRecording(recorded[..3], again.Add));

        // Then it redoes batch {2, 3} whole and then {4}, and ends with the whole run's scores
        Assert.Equal([0, 1, 2, 3, 4], recorded.Select(c => c.Index));
        Assert.Equal([2, 3, 4], again.Select(c => c.Index));
        Assert.Equal(whole.Cases.SelectMany(c => c.Scores), resumed.Cases.SelectMany(c => c.Scores));
        Assert.Equal([0, 1, 2, 3, 4], resumed.Cases.Select(c => c.Index));
    }

    [Fact]
    public void Run_SequentialResumed_ReplaysTheFinishedGroupsEdits_AndRedoesTheGroupItStoppedIn()
    {
        // Given a sequential run of 5 cases evaluated every 2 edits (groups {0, 1}, {2, 3}, {4}): each case's scores
        // depend on every edit before it
        var dataset = TestBenchmark.Counterfact(5);
        var sequential = Batch with { Mode = RunMode.Sequential, BatchSize = 1, EvaluateEvery = 2 };
        var recorded = new List<CaseResult>();
        var whole = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.2f), sequential).Run(dataset, recording: new RunRecording([], recorded.Add));

        // When a run that stopped after cases 0, 1 and 2 resumes
        var again = new List<CaseResult>();
        var editor = new ShiftEditor(0.2f);
        var resumed = new BenchmarkRunner(TestBenchmark.Model(), editor, sequential).Run(dataset, recording: new RunRecording(recorded[..3], again.Add));

        // Then it replays edits 0 and 1, redoes group {2, 3} and {4}, and ends with the whole run's scores and edit counts
        Assert.Equal([2, 3, 4], again.Select(c => c.Index));
        Assert.Equal(5, editor.Calls);
        Assert.Equal(whole.Cases.SelectMany(c => c.Scores), resumed.Cases.SelectMany(c => c.Scores));
        Assert.Equal(whole.Cases.Select(c => c.EditsSoFar), resumed.Cases.Select(c => c.EditsSoFar));
        Assert.NotEqual(whole.Cases[0].Scores, whole.Cases[4].Scores);
    }

    [Fact]
    public void Run_SequentialResumed_ReplaysAroundACaseThatFailed()
    {
        // Given a sequential run whose case 1 is rejected by the editor, stopped after group {0, 1}
        var dataset = TestBenchmark.Counterfact(4);
        dataset = dataset with { Cases = [dataset.Cases[0], dataset.Cases[1] with { Requests = [dataset.Cases[1].Request with { TargetNew = "reject" }] }, .. dataset.Cases.Skip(2)] };
        var sequential = Batch with { Mode = RunMode.Sequential, BatchSize = 1, EvaluateEvery = 2 };
        var whole = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.2f), sequential).Run(dataset);

        // When it resumes
        var resumed = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.2f), sequential).Run(dataset, recording: new RunRecording([.. whole.Cases.Take(2)], null));

        // Then case 1 stays failed and the later cases see one edit before them, as in the whole run
        Assert.NotNull(resumed.Cases[1].Error);
        Assert.Equal(whole.Cases.SelectMany(c => c.Scores), resumed.Cases.SelectMany(c => c.Scores));
        Assert.Equal([1, 1, 3, 3], resumed.Cases.Select(c => c.EditsSoFar));
    }

    [Fact]
    public void Run_SequentialResumed_RefusesARecordItsReplayContradicts_AndCasesPastTheGroupItStoppedIn()
    {
        var dataset = TestBenchmark.Counterfact(5);
        dataset = dataset with { Cases = [dataset.Cases[0] with { Requests = [dataset.Cases[0].Request with { TargetNew = "reject" }] }, .. dataset.Cases.Skip(1)] };
        var sequential = Batch with { Mode = RunMode.Sequential, BatchSize = 1, EvaluateEvery = 2 };
        var runner = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.2f), sequential);
        var done = runner.Run(dataset).Cases;

        // Records of a run that had made 2 edits by case 1 (where replaying makes 1: case 0 fails), or 0 edits (a run
        // whose case 0 failed and whose case 1 was rejected too): either way another model, method or settings
        var moreThen = Assert.Throws<ResumeMismatchException>(() => runner.Run(dataset, recording: new RunRecording([done[0], done[1] with { EditsSoFar = 2 }], null)));
        var fewerThen = Assert.Throws<ResumeMismatchException>(() => runner.Run(dataset, recording: new RunRecording([done[0], done[1] with { EditsSoFar = 0 }], null)));
        var stray = Assert.Throws<ResumeMismatchException>(() => BenchmarkRunner.RequireResumable(dataset.Cases, sequential, [done[0], done[1], done[4]]));

        Assert.Equal(1, done[1].EditsSoFar);
        Assert.Contains("replaying the edits of cases 0–1 left 1 requests applied where the interrupted run had 2", moreThen.Message, StringComparison.Ordinal);
        Assert.Contains("where the interrupted run had 0", fewerThen.Message, StringComparison.Ordinal);
        Assert.Contains("case 4 finished after a group that did not", stray.Message, StringComparison.Ordinal);
        Assert.Throws<ResumeMismatchException>(() => runner.Run(dataset, recording: new RunRecording([done[0], done[1], done[4]], null)));
    }

    [Fact]
    public void Run_SequentialResumedWithEveryCaseFinished_ReplaysNothing()
    {
        var dataset = TestBenchmark.Counterfact(4);
        var sequential = Batch with { Mode = RunMode.Sequential, BatchSize = 1, EvaluateEvery = 2 };
        var whole = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.2f), sequential).Run(dataset);
        var editor = new ShiftEditor(0.2f);

        var resumed = new BenchmarkRunner(TestBenchmark.Model(), editor, sequential).Run(dataset, recording: new RunRecording(whole.Cases, null));

        Assert.Equal(0, editor.Calls);
        Assert.Equal(whole.Cases.SelectMany(c => c.Scores), resumed.Cases.SelectMany(c => c.Scores));
    }

    [Fact]
    public void Run_ResumedTwice_TakesTheLastRecordOfACaseRunAgain()
    {
        // Given a batch run resumed once in the middle of batch {2, 3}, so case 2 was recorded twice
        var dataset = TestBenchmark.Counterfact(5);
        var recorded = new List<CaseResult>();
        var whole = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.2f), Batch).Run(dataset, recording: new RunRecording([], recorded.Add));
        CaseResult[] twice = [.. recorded[..3], recorded[2], recorded[3]];

        // When it resumes again
        var resumed = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.2f), Batch).Run(dataset, recording: new RunRecording(twice, null));

        // Then each case counts once
        Assert.Equal([0, 1, 2, 3, 4], resumed.Cases.Select(c => c.Index));
        Assert.Equal(whole.Cases.SelectMany(c => c.Scores), resumed.Cases.SelectMany(c => c.Scores));
    }

    [Fact]
    public void PartialRunFile_KeepsFinishedCases_DropsALineCutShort_AndRefusesAnotherRunOrAFreshStartOverIt()
    {
        // Given a run that recorded two cases, then was killed while writing a third
        var (info, cases, path) = PartialRunOfThree(recorded: 2);
        File.AppendAllText(path, "{\"index\":2,\"id\":");

        // When it is resumed, Then the two cases come back and the cut line is gone from the file
        using (var resumed = PartialRunFile.Start(_folder, info, resume: true))
        {
            Assert.Equal([0, 1], resumed.Finished.Select(c => c.Index));
            resumed.Add(cases[2]);
        }

        Assert.Equal(4, File.ReadAllLines(path).Length);
        Assert.Contains("--resume to go on", Assert.Throws<IOException>(() => PartialRunFile.Start(_folder, info, resume: false)).Message, StringComparison.Ordinal);
        var other = Assert.Throws<IOException>(() => PartialRunFile.Start(_folder, info with { Seed = 7 }, resume: true));
        Assert.Contains("is from another run", other.Message, StringComparison.Ordinal);
        using (var last = PartialRunFile.Start(_folder, info, resume: true))
        {
            Assert.Equal([0, 1, 2], last.Finished.Select(c => c.Index));
            last.Complete();
        }

        Assert.False(File.Exists(path));
        Assert.Contains("is missing", Assert.Throws<IOException>(() => PartialRunFile.Start(_folder, info, resume: true)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PartialRunFile_AWholeLastLineWithoutItsNewline_IsKept_AndTheNextCaseStartsALineOfItsOwn()
    {
        // Given a run killed between a case's closing brace and its newline
        var (info, cases, path) = PartialRunOfThree(recorded: 2);
        File.WriteAllText(path, File.ReadAllText(path).TrimEnd('\n'));

        // When it is resumed and records the third case
        using (var resumed = PartialRunFile.Start(_folder, info, resume: true))
        {
            Assert.Equal([0, 1], resumed.Finished.Select(c => c.Index));
            resumed.Add(cases[2]);
        }

        // Then a second resume reads all three
        using var again = PartialRunFile.Start(_folder, info, resume: true);
        Assert.Equal([0, 1, 2], again.Finished.Select(c => c.Index));
    }

    [Fact]
    public void PartialRunFile_ResumedByTwoRunsAtOnce_RefusesTheSecond()
    {
        var (info, _, _) = PartialRunOfThree(recorded: 1);

        using var first = PartialRunFile.Start(_folder, info, resume: true);
        var second = Assert.Throws<IOException>(() => PartialRunFile.Start(_folder, info, resume: true));

        Assert.Contains("is being written by another run into the same folder", second.Message, StringComparison.Ordinal);
    }

    // A batch run of three cases whose partial file holds the first `recorded` of them: its info, all three cases, the file.
    private (RunInfo Info, IReadOnlyList<CaseResult> Cases, string Path) PartialRunOfThree(int recorded)
    {
        var dataset = TestBenchmark.Counterfact(3);
        var info = BenchmarkRunner.Info(new ShiftEditor(0.2f), Batch, dataset);
        var cases = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.2f), Batch).Run(dataset).Cases;
        using (var file = PartialRunFile.Start(_folder, info, resume: false))
        {
            foreach (var result in cases.Take(recorded)) file.Add(result);
        }

        return (info, cases, Path.Combine(_folder, PartialRunFile.FileName));
    }

    private sealed class Synchronous(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}
