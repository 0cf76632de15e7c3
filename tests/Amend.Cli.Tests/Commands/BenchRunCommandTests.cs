using System.Text.Json;
using Amend.Cli.Commands;
using Amend.Editing;
using Amend.Evaluation.Metrics;
using Amend.Evaluation.Reports;
using Amend.Evaluation.Running;

namespace Amend.Cli.Tests.Commands;

public sealed class BenchRunCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("amend-bench-run-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Sub(string name) => Path.Combine(_folder.FullName, name);

    private string[] Run(params string[] extra) =>
        ["bench", "--model", SharedFixtures.Path("golden", "gpt2"), "--tokenizer", SharedFixtures.Path("models", "fake-gpt2-tiny-random"),
         "--hparams", SharedFixtures.Path("golden", "easyedit", "ROME", "hparams.yaml"), "--data", SharedFixtures.Path("data", "zsre", "zsre_mend_train-1k.json"), .. extra];

    [Fact]
    public void Bench_UnknownMethod_FailsWithOneLineBeforeLoadingAnything()
    {
        var (code, _, error) = CliRunner.Run([.. Run("--method", "NOPE", "--out", Sub("out"))]);

        Assert.Equal(2, code);
        Assert.Contains("unknown editing method \"NOPE\"", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Sub("out")));
    }

    [Theory]
    [InlineData("--out", "is required")]
    [InlineData("--shard", "shard must be i/n")]
    [InlineData("--eval-at-end", "apply to --mode sequential only")]
    [InlineData("--batch-size", "applies to --mode batch only")]
    [InlineData("--fluency-top-k", "--fluency-top-k must be at least 0, got -3")]
    [InlineData("--limit", "--limit must be at least 1, got 0")]
    [InlineData("--eval-every", "--eval-every must be at least 0, got -1")]
    public void Bench_BadArguments_AreOneLineErrors(string option, string message)
    {
        string[] args = option switch
        {
            "--fluency-top-k" => Run("--method", "X", "--out", Sub("o"), "--fluency-top-k", "-3"),
            "--limit" => Run("--method", "X", "--out", Sub("o"), "--limit", "0"),
            "--eval-every" => Run("--method", "X", "--out", Sub("o"), "--mode", "sequential", "--eval-every", "-1"),
            "--out" => Run("--method", "NOPE"),
            "--shard" => Run("--method", "X", "--out", Sub("o"), "--shard", "4/4"),
            "--eval-at-end" => Run("--method", "X", "--out", Sub("o"), "--eval-at-end"),
            _ => Run("--method", "X", "--out", Sub("o"), "--batch-size", "4"),
        };

        var (code, _, error) = CliRunner.Run(args);

        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_BatchModeForAOneFactMethod_BadYaml_OrAMissingTemplatesFile_AreRefusedBeforeTheModelLoads()
    {
        string badYaml = Sub("bad.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(badYaml)!);
        File.WriteAllText(badYaml, "layers: [1\n");
        string[] Args(string hparams, params string[] more) => ["bench", "--model", "./no-such-model", "--method", "ROME", "--hparams", hparams,
            "--data", SharedFixtures.Path("data", "zsre", "zsre_mend_train-1k.json"), "--limit", "2", "--out", Sub("o"), .. more];
        string rome = SharedFixtures.Path("golden", "easyedit", "ROME", "hparams.yaml");

        var batch = CliRunner.Run(Args(rome, "--mode", "batch"));
        var yaml = CliRunner.Run(Args(badYaml));
        var templates = CliRunner.Run(Args(rome, "--context-templates", Sub("none.json")));

        Assert.Equal((2, 2, 2), (batch.ExitCode, yaml.ExitCode, templates.ExitCode));
        Assert.Contains("ROME edits one fact at a time and cannot run in batch mode", batch.Error, StringComparison.Ordinal);
        Assert.Contains(badYaml, yaml.Error, StringComparison.Ordinal);
        Assert.Contains($"context templates file {Sub("none.json")} not found", templates.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("no-such-model", batch.Error + yaml.Error + templates.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_AnInterruptedRunsCases_AreNotOverwritten_AndADamagedFileIsNotResumed_BeforeTheModelLoads()
    {
        Directory.CreateDirectory(Sub("o"));
        File.WriteAllText(Sub("o/cases.partial.jsonl"), "{}\n");
        string[] Args(params string[] more) => ["bench", "--model", "./no-such-model", "--method", "ROME", "--hparams", SharedFixtures.Path("golden", "easyedit", "ROME", "hparams.yaml"),
            "--data", SharedFixtures.Path("data", "zsre", "zsre_mend_train-1k.json"), "--limit", "2", "--out", Sub("o"), .. more];

        var fresh = CliRunner.Run(Args());
        var damaged = CliRunner.Run(Args("--mode", "sequential", "--resume"));

        Assert.Equal((2, 2), (fresh.ExitCode, damaged.ExitCode));
        Assert.Contains("holds the finished cases of an interrupted run; pass --resume", fresh.Error, StringComparison.Ordinal);
        Assert.Contains("does not start with a run's configuration", damaged.Error, StringComparison.Ordinal);
        Assert.Equal("{}\n", File.ReadAllText(Sub("o/cases.partial.jsonl")));
    }

    [Fact]
    public void Bench_ALimitAndShardThatSelectNoCase_AreRefusedBeforeTheModelLoads()
    {
        string[] args = ["bench", "--model", "./no-such-model", "--method", "ROME", "--hparams", SharedFixtures.Path("golden", "easyedit", "ROME", "hparams.yaml"),
            "--data", SharedFixtures.Path("data", "zsre", "zsre_mend_train-1k.json"), "--limit", "1", "--shard", "1/2", "--out", Sub("o")];

        var (code, _, error) = CliRunner.Run(args);

        Assert.Equal(2, code);
        Assert.Contains("--limit 1 with --shard 1/2 selects none of the 1000 cases", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Sub("o")));
    }

    [Fact]
    public void Bench_HyperparametersThatDoNotFitTheModel_NameTheYamlFile_AndListTheModulesOnce()
    {
        // Given ROME hyperparameters written for LLaMA module names, run on GPT-2
        string hparams = Sub("llama-rome.yaml");
        File.WriteAllText(hparams, File.ReadAllText(SharedFixtures.Path("golden", "easyedit", "ROME", "hparams.yaml"))
            .Replace("transformer.h.{}.mlp.c_proj", "model.layers.{}.mlp.down_proj", StringComparison.Ordinal)
            .Replace("transformer.h.{}.mlp\n", "model.layers.{}.mlp\n", StringComparison.Ordinal));

        var (code, _, error) = CliRunner.Run("bench", "--model", SharedFixtures.Path("golden", "gpt2"), "--tokenizer", SharedFixtures.Path("models", "fake-gpt2-tiny-random"),
            "--method", "ROME", "--hparams", hparams, "--data", SharedFixtures.Path("data", "zsre", "zsre_mend_train-1k.json"), "--out", Sub("out"));

        Assert.Equal(2, code);
        Assert.Contains($"{hparams}: ROME hyperparameters do not fit this gpt2 model", error, StringComparison.Ordinal);
        Assert.Contains("rewrite_module_tmp: \"model.layers.{}.mlp.down_proj\" is not a module", error, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(error, "transformer\\.h\\.\\{\\}\\.mlp\\.c_proj"));
        Assert.False(Directory.Exists(Sub("out")));
    }

    [Fact]
    public void Bench_AnUnwritableOut_FailsBeforeTheRun()
    {
        // Given --out inside a file, which no run could ever write its reports to
        string file = Sub("a-file");
        File.WriteAllText(file, "not a folder");

        var (code, output, error) = CliRunner.Run([.. Run("--method", "ROME", "--out", Path.Combine(file, "out"))]);

        Assert.Equal(2, code);
        Assert.Contains($"cannot write in {Path.Combine(file, "out")} for the run's reports (--out): {file} is a file", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Edit Success", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_EveryCaseFailed_ShowsTheFirstReason_AndExitsThree()
    {
        // Given a dataset whose one case names a subject its prompt does not hold
        string data = Sub("subject-missing.json");
        File.WriteAllText(data, """[{"prompt": "The Eiffel Tower is in", "subject": "Space Needle", "target_new": "Rome"}]""");

        var (code, _, error) = RunRome(data, Sub("out"));

        Assert.Equal(3, code);
        Assert.Contains("error: 1 of 1 cases failed; the first: ", error, StringComparison.Ordinal);
        Assert.Contains("\"Space Needle\" does not occur in the prompt", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Sub("out"), "cases.jsonl")), "the reports are still written");
    }

    [Fact]
    public void Bench_SomeCasesFailed_WarnsAndSucceeds()
    {
        // Given one case that cannot be edited beside one that can
        string data = Sub("one-bad.json");
        File.WriteAllText(data, """
            [{"prompt": "The Eiffel Tower is in", "subject": "Space Needle", "target_new": "Rome"},
             {"prompt": "The Space Needle is in", "subject": "Space Needle", "target_new": "Goa"}]
            """);

        var (code, _, error) = RunRome(data, Sub("out"));

        Assert.Equal(0, code);
        Assert.Contains("warning: 1 of 2 cases failed; the first: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_ABatchEditingOneSubjectTwice_IsWarnedAbout()
    {
        // Given two facts of one subject in one batch
        string data = Sub("same-subject.json");
        File.WriteAllText(data, """
            [{"prompt": "The Space Needle is in", "subject": "Space Needle", "target_new": "Goa"},
             {"prompt": "The Space Needle was built by", "subject": "Space Needle", "target_new": "Boeing"}]
            """);

        var (code, _, error) = CliRunner.Run("bench", "--model", SharedFixtures.Path("golden", "gpt2"), "--tokenizer", SharedFixtures.Path("models", "fake-gpt2-tiny-random"),
            "--method", "FT-M", "--hparams", SharedFixtures.Path("golden", "easyedit", "FT-M", "hparams.yaml"), "--data", data,
            "--mode", "batch", "--batch-size", "2", "--no-fluency", "--out", Sub("out"));

        Assert.True(code == 0, error);
        Assert.Contains("warning: batch 1 edits 1 subject(s) more than once, e.g. \"Space Needle\" in cases 0, 1: their requests compete for one key", error, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Error) RunRome(string data, string output) =>
        CliRunner.Run("bench", "--model", SharedFixtures.Path("golden", "gpt2"), "--tokenizer", SharedFixtures.Path("models", "fake-gpt2-tiny-random"),
            "--method", "ROME", "--hparams", SharedFixtures.Path("golden", "easyedit", "ROME", "hparams.yaml"), "--data", data, "--out", output);

    [Fact]
    public void Bench_AHugeDataFile_IsNamed_NotParsed()
    {
        // Given a 3 GiB file (sparse) passed as the dataset
        string huge = Sub("huge.json");
        using (var file = File.Create(huge)) file.SetLength(3L << 30);

        var (code, _, error) = CliRunner.Run("bench", "--model", SharedFixtures.Path("golden", "gpt2"), "--tokenizer", SharedFixtures.Path("models", "fake-gpt2-tiny-random"),
            "--method", "ROME", "--hparams", SharedFixtures.Path("golden", "easyedit", "ROME", "hparams.yaml"), "--data", huge, "--out", Sub("out"));

        Assert.Equal(2, code);
        Assert.Contains($"{huge} is 3 GiB, too large for a dataset", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_WithoutModelOrSubcommand_SaysWhatToGive_AndMode_IsChecked()
    {
        var (code, _, error) = CliRunner.Run("bench");
        Assert.Equal(2, code);
        Assert.Contains("give --model", error, StringComparison.Ordinal);

        var mode = CliRunner.Run([.. Run("--method", "ROME", "--out", Sub("o"), "--mode", "parallel", "--limit", "1", "--no-fluency")]);
        Assert.NotEqual(0, mode.ExitCode);
        Assert.Contains("parallel", mode.Error, StringComparison.Ordinal);
        Assert.Contains("--mode", mode.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_IntoTheFolderOfAnEarlierRun_WarnsThatItsReportsWillBeReplaced()
    {
        // Given the toy model and its FT recipe (no statistics needed)
        string model = CheckoutFiles.Find(Path.Combine("models", "world-gpt2"), "run from the checkout");
        string hparams = CheckoutFiles.Find(Path.Combine("hparams", "FT", "world-gpt2.yaml"), "run from the checkout");
        string[] args = ["bench", "--model", model, "--data", Path.Combine(model, "benchmark.json"), "--method", "FT", "--hparams", hparams, "--limit", "1", "--no-fluency", "--out", Sub("twice")];

        // When it runs twice into one folder
        var first = CliRunner.Run(args);
        var second = CliRunner.Run(args);

        // Then only the second says that it replaces reports
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.DoesNotContain("holds the reports of an earlier run", first.Error, StringComparison.Ordinal);
        Assert.Contains($"warning: {Sub("twice")} holds the reports of an earlier run; this run's replace them when it ends", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchMergeAndTable_CombineRunFolders()
    {
        // Given: two shards of a run, written as the runner writes them
        var info = new RunInfo("ROME", "gpt2", "ZsRE", "knowedit", "z.json", "single", 1, "after each edit, then undone", 0, null, "0/2", ["knowedit"]);
        for (int i = 0; i < 2; i++)
        {
            var c = new CaseResult(i, $"{i}", [new EditRequest { Prompt = "p x", Subject = "x", TargetNew = "y" }], 1, [new Score(MetricNames.Reliability, null, 50 * i, MetricProtocol.TokenAccuracy)], [], [], new Dictionary<string, double>(), new CaseTimings(0, 0, 0));
            RunFolder.Write(new RunResult(info with { Shard = $"{i}/2" }, [c], new RunTimings(1, 0.5, 0.25)), Sub($"s{i}"));
        }

        // When
        var merge = CliRunner.Run("bench", "merge", Sub("s0"), Sub("s1"), "--out", Sub("merged"));
        var table = CliRunner.Run("bench", "table", Sub("merged"), "--out", Sub("table.md"));

        // Then
        Assert.Equal(0, merge.ExitCode);
        Assert.Equal(2, File.ReadAllLines(Sub("merged/cases.jsonl")).Length);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("| ZsRE | Edit Succ. | 25.00 |", File.ReadAllText(Sub("table.md")), StringComparison.Ordinal);
        Assert.Equal(2, CliRunner.Run("bench", "merge", Sub("s0"), Sub("s0"), "--out", Sub("m2")).ExitCode);
        Assert.Equal(2, CliRunner.Run("bench", "table", _folder.FullName).ExitCode);
        var intoFolder = CliRunner.Run("bench", "table", Sub("merged"), "--out", Sub("merged"));
        Assert.Equal(2, intoFolder.ExitCode);
        Assert.Contains("for the table (--out): it is a folder", intoFolder.Error, StringComparison.Ordinal);
        var ontoFile = CliRunner.Run("bench", "merge", Sub("s0"), Sub("s1"), "--out", Sub("table.md"));
        Assert.Equal(2, ontoFile.ExitCode);
        Assert.Contains("for the merged run's reports (--out)", ontoFile.Error, StringComparison.Ordinal);

        // And neither replaces a report of its own inputs
        string summary = File.ReadAllText(Sub("merged/summary.json"));
        var overSummary = CliRunner.Run("bench", "table", Sub("merged"), "--out", Sub("merged/summary.json"));
        var overShard = CliRunner.Run("bench", "merge", Sub("s0"), Sub("s1"), "--out", Sub("s0") + "/");
        Assert.Equal(2, overSummary.ExitCode);
        Assert.Contains("is a report of the run", overSummary.Error, StringComparison.Ordinal);
        Assert.Equal(summary, File.ReadAllText(Sub("merged/summary.json")));
        Assert.Equal(2, overShard.ExitCode);
        Assert.Contains("is one of the shards being merged", overShard.Error, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(Sub("s0/cases.jsonl")));
    }

    [Theory]
    [InlineData("FT-M", "FT-M", "single", "data/zsre/zsre_mend_train-1k.json")]
    [InlineData("ROME", "ROME", "sequential", "data/counterfact-easyedit/counterfact-val.json")]
    [InlineData("MEMIT", "MEMIT-batch", "batch", "data/knowedit/ZsRE/ZsRE-test-all.json.gz")]
    public void Bench_RealMethod_OnRealData_WritesReports(string method, string golden, string mode, string data)
    {
        // Given EasyEdit's golden recipe for the method on the golden GPT-2, and a real benchmark file
        string folder = SharedFixtures.Path("golden", "easyedit", golden);
        string[] args =
        [
            "bench", "--model", SharedFixtures.Path("golden", "gpt2"), "--tokenizer", SharedFixtures.Path("models", "fake-gpt2-tiny-random"),
            "--method", method, "--hparams", Path.Combine(folder, "hparams.yaml"), "--data", SharedFixtures.Path(data.Split('/')),
            "--mode", mode, "--limit", "2", "--no-fluency", "--out", Sub("run"),
            .. method == "FT-M" ? [] : new[] { "--context-templates", Path.Combine(folder, "context_templates.json") },
            .. method == "MEMIT" ? new[] { "--batch-size", "2", "--stats-dir", Path.Combine(folder, "..", "MEMIT", "mom2", "easyedit-stats-dir"), "--stats-model-name", "gpt2-golden" } : [],
        ];

        // When
        var (code, output, error) = CliRunner.Run(args);

        // Then the run's reports exist and the summary names the method, the mode and TokenAccuracy scores over 2 cases
        Assert.True(code == 0, error);
        Assert.Contains("reliability", output, StringComparison.Ordinal);
        foreach (string file in new[] { "cases.jsonl", "summary.json", "report.md", "report.html" }) Assert.True(File.Exists(Path.Combine(Sub("run"), file)), file);
        Assert.False(File.Exists(Path.Combine(Sub("run"), "cases.partial.jsonl")), "the finished run's files replace the partial one");
        string summary = File.ReadAllText(Path.Combine(Sub("run"), "summary.json"));
        Assert.Contains(method == "FT-M" ? "FT" : method, summary, StringComparison.Ordinal);
        Assert.Contains(mode, summary, StringComparison.OrdinalIgnoreCase);
        var cases = File.ReadAllLines(Path.Combine(Sub("run"), "cases.jsonl"));
        Assert.Equal(2, cases.Length);
        Assert.Contains("2 cases (0 failed)", output, StringComparison.Ordinal);
        Assert.All(cases, line => Assert.False(JsonDocument.Parse(line).RootElement.TryGetProperty("error", out var e) && e.ValueKind != JsonValueKind.Null, line));
    }

    [Theory]
    [InlineData("single")]
    [InlineData("sequential")]
    public void Bench_Resume_TakesTheCasesAnInterruptedRunFinished_AndRunsTheRest(string mode)
    {
        // Given a whole FT-M run of 3 cases, and the partial file a run killed after its first case would have left
        // (a sequential run replays that case's edit before going on)
        string[] whole = InterruptedFtmRun(mode, finished: [0]);

        // When it is resumed
        var (code, _, error) = CliRunner.Run(FtmRunArgs(mode, Sub("resumed"), "--resume"));

        // Then it says so, runs cases 1 and 2, and ends with the whole run's scores and no partial file
        Assert.True(code == 0, error);
        Assert.Contains("resuming: 1 finished cases read from", error, StringComparison.Ordinal);
        static string Scores(string line)
        {
            using var c = System.Text.Json.JsonDocument.Parse(line);
            return c.RootElement.GetProperty("index").GetRawText() + c.RootElement.GetProperty("scores").GetRawText();
        }

        Assert.Equal(whole.Select(Scores), File.ReadAllLines(Sub("resumed/cases.jsonl")).Select(Scores));
        Assert.False(File.Exists(Sub("resumed/cases.partial.jsonl")));
    }

    [Fact]
    public void Bench_ResumeOfASequentialRunWithAStrayCase_SaysToSetTheFileAside()
    {
        // Given a sequential run's partial file holding case 2 but not cases 0 and 1
        InterruptedFtmRun("sequential", finished: [2]);

        // When it is resumed
        var (code, _, error) = CliRunner.Run(FtmRunArgs("sequential", Sub("resumed"), "--resume"));

        // Then it refuses in one line that says what to do, and the file is kept
        Assert.Equal(2, code);
        Assert.Contains("case 2 finished after a group that did not", error, StringComparison.Ordinal);
        Assert.Contains($"(move or delete {Sub("resumed/cases.partial.jsonl")} to run again from the start)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("--resume to go on", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Sub("resumed/cases.partial.jsonl")));
    }

    // An FT-M run of 3 zsRE cases on the golden GPT-2 into <paramref name="output"/>.
    private static string[] FtmRunArgs(string mode, string output, params string[] more) =>
    [
        "bench", "--model", SharedFixtures.Path("golden", "gpt2"), "--tokenizer", SharedFixtures.Path("models", "fake-gpt2-tiny-random"),
        "--method", "FT-M", "--hparams", SharedFixtures.Path("golden", "easyedit", "FT-M", "hparams.yaml"), "--data", SharedFixtures.Path("data", "zsre", "zsre_mend_train-1k.json"),
        "--limit", "3", "--no-fluency", "--mode", mode, "--out", output, .. more,
    ];

    // Runs the FT-M run whole into "whole", then leaves in "resumed" the partial file a run that finished only the
    // given cases would have left; returns the whole run's case lines.
    private string[] InterruptedFtmRun(string mode, int[] finished)
    {
        Assert.Equal(0, CliRunner.Run(FtmRunArgs(mode, Sub("whole"))).ExitCode);
        string[] whole = File.ReadAllLines(Sub("whole/cases.jsonl"));
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Sub("whole/summary.json")));
        Directory.CreateDirectory(Sub("resumed"));
        string header = $"{{\"run\":{System.Text.Json.JsonSerializer.Serialize(summary.RootElement.GetProperty("run"))}}}";
        File.WriteAllLines(Sub("resumed/cases.partial.jsonl"), [header, .. finished.Select(i => whole[i])]);
        return whole;
    }
}
