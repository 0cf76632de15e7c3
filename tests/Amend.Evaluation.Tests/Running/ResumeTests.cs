using Amend.Evaluation.Reports;
using Amend.Evaluation.Running;

namespace Amend.Evaluation.Tests.Running;

public sealed class ResumeTests : IDisposable
{
    private static readonly RunOptions Batch = new() { Mode = RunMode.Batch, BatchSize = 2, Evaluation = new EvaluationOptions { FluencyLength = 24 } };
    private readonly string _folder = Directory.CreateTempSubdirectory("amend-resume-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

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
    public void Run_Sequential_RefusesFinishedCases()
    {
        var dataset = TestBenchmark.Counterfact(2);
        var runner = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.2f), Batch with { Mode = RunMode.Sequential, BatchSize = 1 });
        var done = runner.Run(dataset).Cases;

        var error = Assert.Throws<ArgumentException>(() => runner.Run(dataset, recording: new RunRecording(done, null)));

        Assert.StartsWith("a sequential run cannot resume", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PartialRunFile_KeepsFinishedCases_DropsALineCutShort_AndRefusesAnotherRunOrAFreshStartOverIt()
    {
        // Given a run that recorded two cases, then was killed while writing a third
        var dataset = TestBenchmark.Counterfact(3);
        var info = BenchmarkRunner.Info(new ShiftEditor(0.2f), Batch, dataset);
        var cases = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.2f), Batch).Run(dataset).Cases;
        using (var file = PartialRunFile.Start(_folder, info, resume: false))
        {
            file.Add(cases[0]);
            file.Add(cases[1]);
        }

        string path = Path.Combine(_folder, PartialRunFile.FileName);
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
}
