using System.Diagnostics;
using System.Runtime.InteropServices;
using Amend.Cli.Commands;
using Amend.Models.Checkpoints;

namespace Amend.Cli.Tests.Commands;

/// <summary>Ctrl+C (or SIGTERM) stops a long command where nothing is lost: exit code 130, partial output removed, work done kept.</summary>
public sealed partial class InterruptionTests : IDisposable
{
    private const int Sigint = 2;

    private readonly string _root = Directory.CreateTempSubdirectory("amend-interrupt-").FullName;

    private static string Model => SharedFixtures.Path("golden", "gpt2");

    private static string Tokenizer => SharedFixtures.Path("models", "fake-gpt2-tiny-random");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Edit_Interrupted_Exits130_AndWritesNoFolder()
    {
        // Given a stop asked for before the edit's first optimisation step
        string output = Path.Combine(_root, "edited");
        string golden = SharedFixtures.Path("golden", "easyedit", "ROME");

        // When
        var (code, stdout, error) = CliRunner.Run(new StringWriter(), new CancellationToken(canceled: true), "edit", "--model", Model, "--tokenizer", Tokenizer,
            "--method", "rome", "--hparams", Path.Combine(golden, "hparams.yaml"), "--context-templates", Path.Combine(golden, "context_templates.json"),
            "--prompt", "The Space Needle is in", "--subject", "Space Needle", "--target", "Goa", "--out", output);

        // Then: one line says so, and nothing (not even a staging folder) is left beside --out
        Assert.Equal(CommandErrors.Interrupted, code);
        Assert.Equal("amend edit: interrupted" + Environment.NewLine, error);
        Assert.DoesNotContain("wrote", stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public void Bench_InterruptedBeforeItsFirstCase_WritesNoReports()
    {
        string output = Path.Combine(_root, "run");
        string[] args = ["bench", "--model", Model, "--tokenizer", Tokenizer, "--method", "ROME", "--hparams", SharedFixtures.Path("golden", "easyedit", "ROME", "hparams.yaml"),
            "--data", SharedFixtures.Path("data", "zsre", "zsre_mend_train-1k.json"), "--limit", "1", "--no-fluency", "--out", output];

        var interrupted = CliRunner.Run(new StringWriter(), new CancellationToken(canceled: true), args);
        var again = CliRunner.Run(args);

        Assert.Equal(CommandErrors.Interrupted, interrupted.ExitCode);
        Assert.EndsWith("amend bench: interrupted" + Environment.NewLine, interrupted.Error, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Single(File.ReadAllLines(Path.Combine(output, "cases.jsonl")));
    }

    [Fact]
    public void Trace_Interrupted_WritesNoFigure()
    {
        string figure = Path.Combine(_root, "trace.svg");

        var (code, _, error) = CliRunner.Run(new StringWriter(), new CancellationToken(canceled: true), "trace", "--model", Model, "--tokenizer", Tokenizer,
            "--prompt", "The Space Needle is in", "--subject", "Space Needle", "--samples", "2", "--out", figure);

        Assert.Equal(CommandErrors.Interrupted, code);
        Assert.Equal("amend trace: interrupted" + Environment.NewLine, error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public void Stats_Interrupted_SaysWhereTheCheckpointsAre()
    {
        string corpus = Path.Combine(_root, "corpus.txt");
        File.WriteAllLines(corpus, Enumerable.Range(0, 5).Select(i => $"Row {i} is about Paris ."));
        string cache = Path.Combine(_root, "cache"), output = Path.Combine(_root, "cov.safetensors");

        var (code, _, error) = CliRunner.Run(new StringWriter(), new CancellationToken(canceled: true), "stats", "--model", Model, "--tokenizer", Tokenizer,
            "--layers", "0", "--corpus", corpus, "--cache-dir", cache, "--out", output);

        Assert.Equal(CommandErrors.Interrupted, code);
        Assert.Contains($"are kept in {cache}; the same command resumes from them", error, StringComparison.Ordinal);
        Assert.EndsWith("amend stats: interrupted" + Environment.NewLine, error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void WorldTrain_InterruptedAfterStepTwo_KeepsTheWeightsOfStepTwo()
    {
        // Given a tiny world, and a stop asked for as step 2 is reported
        string world = Path.Combine(_root, "world"), model = Path.Combine(_root, "model"), checkpoints = Path.Combine(_root, "checkpoints");
        Assert.Equal(0, CliRunner.Run("world", "generate", "--seed", "2", "--out", world, "--tiny", "--vocab-size", "300").ExitCode);
        using var stop = new CancellationTokenSource();
        var output = new CancelOnText("step 2/", stop);

        // When
        var (code, _, error) = CliRunner.Run(output, stop.Token, "world", "train", "--world", world, "--out", model, "--arch", "llama", "--hidden", "16",
            "--layers", "1", "--heads", "2", "--positions", "64", "--steps", "8", "--warmup", "1", "--batch-size", "2", "--seq-len", "16", "--checkpoints", checkpoints);

        // Then training stopped before step 3, its weights are a loadable checkpoint, and --out was not written
        Assert.Equal(CommandErrors.Interrupted, code);
        Assert.DoesNotContain("step 3/", output.ToString(), StringComparison.Ordinal);
        string kept = Path.Combine(checkpoints, "step-2");
        Assert.Contains($"the weights after step 2 of 8 are saved in {kept}; continue with --init", error, StringComparison.Ordinal);
        using (var weights = SafetensorsReader.Open(Path.Combine(kept, "model.safetensors"))) Assert.NotEmpty(weights.Header.Tensors);
        Assert.False(Directory.Exists(model));
    }

    [Fact]
    public async Task CtrlC_InARealProcess_StopsTrainingAtAStep_AndSavesIt()
    {
        // Given a training run in its own process, long enough (100,000 steps of ~0.4 ms here, its first line at
        // step 2,000) that it cannot end before the test has read that line and signalled
        string world = Path.Combine(_root, "world"), model = Path.Combine(_root, "model"), checkpoints = Path.Combine(_root, "checkpoints");
        Assert.Equal(0, CliRunner.Run("world", "generate", "--seed", "2", "--out", world, "--tiny", "--vocab-size", "300").ExitCode);
        string amend = Path.Combine(AppContext.BaseDirectory, "amend.dll");
        Assert.True(File.Exists(amend), $"the command line's build is missing at {amend}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in (string[])["exec", amend, "world", "train", "--world", world, "--out", model, "--arch", "llama", "--hidden", "16", "--layers", "1", "--heads", "2",
            "--positions", "64", "--steps", "100000", "--warmup", "1", "--batch-size", "2", "--seq-len", "16", "--checkpoints", checkpoints])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var errorText = process.StandardError.ReadToEndAsync();

        // When Ctrl+C arrives once a step has been reported
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync()) is not null && !line.StartsWith("step ", StringComparison.Ordinal))
        {
        }

        Assert.True(line is not null, "training ended before reporting a step");
        if (Kill(process.Id, Sigint) != 0)
        {
            // Not expected: the child ended on its own after a step. Its own words say why.
            int errno = Marshal.GetLastPInvokeError();
            await process.WaitForExitAsync();
            Assert.Fail($"SIGINT could not be sent (errno {errno}); the process had ended with {process.ExitCode}: {await errorText}");
        }

        await process.StandardOutput.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the process did not stop after SIGINT");
        }

        // Then it stopped by itself, said so, and kept a checkpoint of the last whole step
        string error = await errorText;
        Assert.True(process.ExitCode == CommandErrors.Interrupted, error);
        Assert.Contains("SIGINT received; stopping at the next safe point", error, StringComparison.Ordinal);
        Assert.EndsWith("amend world train: interrupted" + Environment.NewLine, error, StringComparison.Ordinal);
        string checkpoint = Assert.Single(Directory.GetDirectories(checkpoints));
        Assert.True(File.Exists(Path.Combine(checkpoint, "model.safetensors")));
        Assert.False(Directory.Exists(model));
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    // Standard output that asks for a stop when a text is written, as a user pressing Ctrl+C on seeing it.
    private sealed class CancelOnText(string text, CancellationTokenSource stop) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(text, StringComparison.Ordinal) == true) stop.Cancel();
        }
    }
}
