using System.Text.RegularExpressions;
using Amend.Evaluation.Metrics;
using Amend.Evaluation.Reports;
using Amend.Evaluation.Running;
using Amend.Evaluation.Tests.Running;

namespace Amend.Evaluation.Tests.Reports;

public sealed class ReportTests : IDisposable
{
    private static readonly RunOptions Fast = new() { Evaluation = new EvaluationOptions { FluencyLength = 24 } };
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("amend-reports-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Sub(string name) => Path.Combine(_folder.FullName, name);

    [Fact]
    public void ShardsMerged_EqualTheWholeRun()
    {
        // Given
        var dataset = TestBenchmark.Counterfact(4);
        var whole = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.2f), Fast).Run(dataset);
        for (int i = 0; i < 2; i++)
        {
            var shard = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.2f), Fast with { Shard = new ShardSpec(i, 2) }).Run(dataset);
            RunFolder.Write(shard, Sub($"shard{i}"));
        }

        // When
        var merged = ShardMerger.Merge([Sub("shard1"), Sub("shard0")]);

        // Then
        Assert.Equal([0, 1, 2, 3], merged.Cases.Select(c => c.Index));
        Assert.Equal(whole.Cases.SelectMany(c => c.Scores), merged.Cases.SelectMany(c => c.Scores));
        Assert.Null(merged.Info.Shard);
        Assert.Throws<ArgumentException>(() => ShardMerger.Merge([Sub("shard0"), Sub("shard0")]));
        Assert.Contains("shard 1/2 missing", Assert.Throws<ArgumentException>(() => ShardMerger.Merge([Sub("shard0")])).Message, StringComparison.Ordinal);
        RunFolder.Write(whole, Sub("whole"));
        Assert.Contains("is a whole run", Assert.Throws<ArgumentException>(() => ShardMerger.Merge([Sub("shard0"), Sub("whole")])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AMissingOrNullField_NamesTheFileAndTheField()
    {
        var result = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.1f), Fast with { Mode = RunMode.Sequential }).Run(TestBenchmark.Counterfact(2));
        RunFolder.Write(result, Sub("run"));
        string summary = Sub("run/summary.json"), cases = Sub("run/cases.jsonl");
        string[] lines = File.ReadAllLines(cases);
        Assert.Contains("\"scores\":[", lines[0], StringComparison.Ordinal);
        File.WriteAllLines(cases, [Regex.Replace(lines[0], "\"scores\":\\[[^\\]]*\\]", "\"scores\":null"), lines[1]]);

        var nullScores = Assert.Throws<IOException>(() => RunFolder.Read(Sub("run")));
        File.WriteAllText(summary, "{}");
        var empty = Assert.Throws<IOException>(() => RunFolder.ReadSummary(Sub("run")));

        Assert.StartsWith($"{cases} line 1: not what a run writes (", nullScores.Message, StringComparison.Ordinal);
        Assert.Contains("the value at $.scores is null", nullScores.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Amend.", nullScores.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{summary}: not what a run writes (missing field(s) 'run', ", empty.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Amend.", empty.Message, StringComparison.Ordinal);
        Assert.Contains("'run'", empty.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("\"mean\":\\s*[^,]+", "\"mean\": 1e400", "has mean Infinity")]
    [InlineData("\"failed\":\\s*0", "\"failed\": 3", "counts 2 cases of which 3 failed")]
    [InlineData("\"metrics\":\\s*\\[[^\\]]*\\]", "\"metrics\": []", "2 cases were scored but the summary holds no metrics")]
    public void ReadSummary_NumbersNoRunWrites_AreRefused_NamingTheFile(string field, string replacement, string expected)
    {
        var result = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.1f), Fast with { Mode = RunMode.Sequential }).Run(TestBenchmark.Counterfact(2));
        RunFolder.Write(result, Sub("run"));
        string summary = Sub("run/summary.json"), json = File.ReadAllText(summary);
        Assert.Matches(field, json);
        File.WriteAllText(summary, new Regex(field).Replace(json, replacement, 1));

        var error = Assert.Throws<IOException>(() => RunFolder.ReadSummary(Sub("run")));

        Assert.StartsWith($"{summary}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ARequestFieldOfTheWrongKind_NamesTheFileAndLine()
    {
        var result = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.1f), Fast with { Mode = RunMode.Sequential }).Run(TestBenchmark.Counterfact(2));
        RunFolder.Write(result, Sub("run"));
        string cases = Sub("run/cases.jsonl");
        string[] lines = File.ReadAllLines(cases);
        Assert.Contains("\"rephrase_prompts\":[", lines[1], StringComparison.Ordinal);
        lines[1] = Regex.Replace(lines[1], "\"rephrase_prompts\":\\[[^\\]]*\\]", "\"rephrase_prompts\":[7]");
        Assert.Contains("\"rephrase_prompts\":[7]", lines[1], StringComparison.Ordinal);
        File.WriteAllLines(cases, lines);

        var error = Assert.Throws<IOException>(() => RunFolder.Read(Sub("run")));

        Assert.StartsWith($"{cases} line 2: not what a run writes (request: The requested operation requires an element of type 'String'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ProducesCasesSummaryMarkdownAndOfflineHtml_ThatReadBack()
    {
        var result = new BenchmarkRunner(TestBenchmark.Model(), new ShiftEditor(0.1f), Fast with { Mode = RunMode.Sequential }).Run(TestBenchmark.Counterfact(3));

        var summary = RunFolder.Write(result, Sub("run"));
        var back = RunFolder.Read(Sub("run"));

        Assert.Equal(3, File.ReadAllLines(Sub("run/cases.jsonl")).Length);
        Assert.Equal(result.Cases[1].Requests[0].Prompt, back.Cases[1].Requests[0].Prompt);
        Assert.Equal(result.Cases.SelectMany(c => c.Scores), back.Cases.SelectMany(c => c.Scores));
        Assert.Equal(result.Info, back.Info with { Protocols = result.Info.Protocols });
        string html = File.ReadAllText(Sub("run/report.html"));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("Against the number of edits so far", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Contains("| WikiData_counterfact | Edit Succ. |", File.ReadAllText(Sub("run/report.md")), StringComparison.Ordinal);
        Assert.Contains(summary.Metrics, m => m is { Metric: MetricNames.Locality, Kind: MetricNames.Overall, Count: 3 });
    }

    [Fact]
    public void Summary_NeverAveragesAcrossProtocols_AndTheTableHasAColumnPerMethod()
    {
        var info = new RunInfo("ROME", "gpt2", "ZsRE", "knowedit", "z.json", "single", 1, "after each edit, then undone", 0, null, null, ["knowedit"]);
        Score[] scores = [new(MetricNames.Reliability, null, 50, MetricProtocol.TokenAccuracy), new(MetricNames.Reliability, null, 100, MetricProtocol.ProbabilityComparison)];
        var result = new RunResult(info, [new CaseResult(0, "0", [], 1, scores, [], [], new Dictionary<string, double>(), new CaseTimings(0, 0, 0))], new RunTimings(1, 0.5, 0.4));

        var rome = RunSummary.From(result);
        var memit = RunSummary.From(result with { Info = info with { Method = "MEMIT" } });
        string table = MarkdownReport.Build([rome, memit]);

        Assert.Equal([50.0, 100.0], rome.Metrics.Select(m => m.Mean));
        Assert.Equal(0.1, rome.OutsideModelFraction, 10);
        Assert.Contains("| Dataset | Metric | ROME | MEMIT |", table, StringComparison.Ordinal);
        Assert.Contains("| ZsRE | Edit Succ. | 50.00 | 50.00 |", table, StringComparison.Ordinal);
        Assert.Contains("| ZsRE | Edit Succ. [ProbabilityComparison] | 100.00 | 100.00 |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_RunsOfOneMethodOnOneDataset_GetAColumnEach_NamedByWhatDiffers()
    {
        var info = new RunInfo("ROME", "gpt2", "ZsRE", "knowedit", "z.json", "sequential", 1, "after each edit", 0, null, null, ["knowedit"]);
        RunSummary Run(RunInfo i, double score) => RunSummary.From(new RunResult(i, [new CaseResult(0, "0", [], 1, [new(MetricNames.Reliability, null, score, MetricProtocol.TokenAccuracy)], [], [], new Dictionary<string, double>(), new CaseTimings(0, 0, 0))], new RunTimings(1, 0.5, 0.4)));

        string bySchedule = MarkdownReport.Build([Run(info, 40), Run(info with { Schedule = "after all edits" }, 20), Run(info with { Dataset = "WikiBio" }, 70)]);
        string identical = MarkdownReport.Build([Run(info, 40), Run(info, 30)]);

        Assert.Contains("| Dataset | Metric | ROME [after each edit] | ROME [after all edits] | ROME |", bySchedule, StringComparison.Ordinal);
        Assert.Contains("| ZsRE | Edit Succ. | 40.00 | 20.00 | — |", bySchedule, StringComparison.Ordinal);
        Assert.Contains("| WikiBio | Edit Succ. | — | — | 70.00 |", bySchedule, StringComparison.Ordinal);
        Assert.Contains("| ZsRE | Edit Succ. | 40.00 | 30.00 |", identical, StringComparison.Ordinal);
        Assert.Contains("| Dataset | Metric | ROME [run 1] | ROME [run 2] |", identical, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_ANameWithABarOrALineBreak_StaysInItsCell()
    {
        var info = new RunInfo("RO|ME\nv2", "gpt2", "Zs|RE", "knowedit", "z.json", "sequential", 1, "after each edit", 0, null, null, ["knowedit"]);
        var run = RunSummary.From(new RunResult(info, [new CaseResult(0, "0", [], 1, [new(MetricNames.Reliability, null, 40, MetricProtocol.TokenAccuracy)], [], [], new Dictionary<string, double>(), new CaseTimings(0, 0, 0))], new RunTimings(1, 0.5, 0.4)));

        string table = MarkdownReport.Build([run]);

        Assert.Contains("| Dataset | Metric | RO\\|ME v2 |", table, StringComparison.Ordinal);
        Assert.Contains("| Zs\\|RE | Edit Succ. | 40.00 |", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_RefusesShardsOfAnotherProtocolOrDataFile_AStrayCase_AndAFolderWhoseCasesDisagreeWithItsSummary()
    {
        var info = new RunInfo("ROME", "gpt2", "ZsRE", "knowedit", "z.json", "single", 1, "after each edit, then undone", 0, null, "0/2", ["knowedit", "fluency(greedy)"]);
        CaseResult Case(int index) => new(index, $"{index}", [], 1, [new(MetricNames.Reliability, null, 50, MetricProtocol.TokenAccuracy)], [], [], new Dictionary<string, double>(), new CaseTimings(0, 0, 0));
        void Write(string name, RunInfo i, params int[] cases) => RunFolder.Write(new RunResult(i, [.. cases.Select(Case)], new RunTimings(1, 0.5, 0.25)), Sub(name));
        Write("s0", info, 0, 2);
        Write("s1-sampled", info with { Shard = "1/2", Protocols = ["knowedit", "fluency(top-5)"] }, 1, 3);
        Write("s1-other-file", info with { Shard = "1/2", DataPath = "other/z.json" }, 1, 3);
        Write("s1-stray", info with { Shard = "1/2" }, 1, 2);
        Write("s1", info with { Shard = "1/2" }, 1, 3);
        Write("s1-bad-shard", info with { Shard = "1/0" }, 1, 3);

        Assert.Equal([0, 1, 2, 3], ShardMerger.Merge([Sub("s0"), Sub("s1")]).Cases.Select(c => c.Index));
        Assert.Equal(info.Schedule, ShardMerger.Merge([Sub("s0"), Sub("s1")]).Info.Schedule);
        Assert.Contains("fluency(top-5)", Assert.Throws<ArgumentException>(() => ShardMerger.Merge([Sub("s0"), Sub("s1-sampled")])).Message, StringComparison.Ordinal);
        Assert.Contains("other/z.json", Assert.Throws<ArgumentException>(() => ShardMerger.Merge([Sub("s0"), Sub("s1-other-file")])).Message, StringComparison.Ordinal);
        Assert.EndsWith("is shard 1/2 but holds case 2, which belongs to shard 0/2", Assert.Throws<ArgumentException>(() => ShardMerger.Merge([Sub("s0"), Sub("s1-stray")])).Message, StringComparison.Ordinal);
        Assert.StartsWith($"the shard in {Path.Combine(Sub("s1-bad-shard"), "summary.json")} must be i/n", Assert.Throws<ArgumentException>(() => ShardMerger.Merge([Sub("s0"), Sub("s1-bad-shard")])).Message, StringComparison.Ordinal);
        File.WriteAllLines(Sub("s1/cases.jsonl"), File.ReadAllLines(Sub("s1/cases.jsonl"))[..1]);
        Assert.EndsWith("holds 1 cases but summary.json counts 2; the run folder is incomplete or was changed", Assert.Throws<IOException>(() => ShardMerger.Merge([Sub("s0"), Sub("s1")])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_OfSequentialShards_SaysEachWasItsOwnSequence_AndDoesNotAskForShardsALimitLeftEmpty()
    {
        var info = new RunInfo("ROME", "gpt2", "ZsRE", "knowedit", "z.json", "sequential", 1, "after each edit", 0, 2, "0/4", ["knowedit"]);
        CaseResult Case(int index) => new(index, $"{index}", [], 1, [new(MetricNames.Reliability, null, 50, MetricProtocol.TokenAccuracy)], [], [], new Dictionary<string, double>(), new CaseTimings(0, 0, 0));
        for (int i = 0; i < 2; i++) RunFolder.Write(new RunResult(info with { Shard = $"{i}/4" }, [Case(i)], new RunTimings(1, 0.5, 0.25)), Sub($"q{i}"));

        var merged = ShardMerger.Merge([Sub("q0"), Sub("q1")]);

        Assert.Equal([0, 1], merged.Cases.Select(c => c.Index));
        Assert.Equal("after each edit; in 4 shards, each with its own sequence of edits", merged.Info.Schedule);
        Assert.Contains("shard 1/4 missing", Assert.Throws<ArgumentException>(() => ShardMerger.Merge([Sub("q0")])).Message, StringComparison.Ordinal);
    }
}
