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

        Assert.StartsWith($"{cases} line 1: not a CaseResult (", nullScores.Message, StringComparison.Ordinal);
        Assert.Contains("Path: $.scores", nullScores.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{summary}: not a RunSummary (", empty.Message, StringComparison.Ordinal);
        Assert.Contains("'run'", empty.Message, StringComparison.OrdinalIgnoreCase);
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

        Assert.StartsWith($"{cases} line 2: not a CaseResult (request: The requested operation requires an element of type 'String'", error.Message, StringComparison.Ordinal);
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
}
