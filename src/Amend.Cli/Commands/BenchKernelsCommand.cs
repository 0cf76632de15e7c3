using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Amend.Tensors.Backends;
using Spectre.Console;

namespace Amend.Cli.Commands;

/// <summary>
/// <c>amend bench kernels</c>: GEMM GFLOP/s on transformer shapes, as a table or JSON, against the measured
/// FMA peak and against what this machine allows each shape (the micro-kernel alone, or the read bandwidth).
/// </summary>
internal static class BenchKernelsCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    // Each run of the FMA peak, kernel and read probes (the highest of three counts).
    private static readonly TimeSpan ProbeDuration = TimeSpan.FromMilliseconds(200);

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the results as JSON (for bench/kernels_vs_pytorch.py) instead of a table." };
        var backend = new Option<string>("--backend")
        {
            Description = "GEMM implementation: managed (Amend's own kernel) or openblas (the system libopenblas).",
            DefaultValueFactory = _ => "managed",
        };
        backend.AcceptOnlyFromAmong("managed", "openblas");
        var runs = new Option<int>("--runs") { Description = "Timed runs per shape; the median is reported.", DefaultValueFactory = _ => 7 }.AtLeast(1);

        var serve = new Option<bool>("--serve")
        {
            Description = "Measure on request, one shape or the ceilings at a time, reading commands from standard input and answering JSON lines "
                + "(for bench/kernels_vs_pytorch.py, which times PyTorch on each shape in between).",
        };
        var command = new Command("kernels", "Measure GEMM speed (GFLOP/s) on transformer shapes against the machine's FMA peak.") { json, backend, runs, serve };
        command.Validators.Add(result =>
        {
            if (result.GetValue(serve) && result.GetValue(json)) result.AddError("--serve answers in JSON lines already; leave out --json");
        });
        command.SetAction(parse => Run(
            parse.GetValue(backend) == "openblas" ? GemmBackend.OpenBlas : GemmBackend.Managed,
            parse.GetValue(runs),
            parse.GetValue(json),
            parse.GetValue(serve),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(GemmBackend backend, int runs, bool json, bool serve, TextWriter output, TextWriter error)
    {
        string? unavailable = GemmBackends.UnavailableReason(backend);
        if (unavailable is not null)
        {
            error.WriteLine($"bench kernels: backend {BenchKernelRunner.BackendName(backend)} is unavailable: {unavailable}");
            return 2;
        }

        if (serve) return BenchKernelServer.Serve(BenchKernelShape.Defaults, backend, runs, ProbeDuration, Console.In, output, error);
        var report = BenchKernelRunner.Run(BenchKernelShape.Defaults, backend, runs, ProbeDuration);
        if (json) output.WriteLine(ToJson(report));
        else Render(report, output);
        return 0;
    }

    /// <summary><paramref name="report"/> as indented JSON with camel-case names (what <c>--json</c> prints).</summary>
    internal static string ToJson(BenchKernelReport report) => JsonSerializer.Serialize(report, Json);

    /// <summary>Writes <paramref name="report"/> as a Spectre.Console table.</summary>
    internal static void Render(BenchKernelReport report, TextWriter output)
    {
        // Colours only on a terminal; a redirected table (a log, a file) stays plain text, 120 columns wide.
        bool terminal = output == Console.Out && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!terminal) console.Profile.Width = 120;
        var table = new Table().Title($"GEMM, backend {report.Backend}, {report.Threads} threads, median of {report.Runs} runs");
        table.AddColumns("shape", "M", "K", "N", "op", "GFLOP/s", "of peak", "of ceiling");
        foreach (var column in table.Columns.Skip(1)) column.RightAligned();
        foreach (var r in report.Kernels)
        {
            table.AddRow(
                Markup.Escape(r.Role), Text(r.M), Text(r.K), Text(r.N), r.TransA ? "Aᵀ·B" : "A·B",
                r.Gflops.ToString("F1", CultureInfo.InvariantCulture), Percent(r.FractionOfPeak), Percent(r.FractionOfCeiling));
        }

        var c = CultureInfo.InvariantCulture;
        table.Caption(
            $"FMA peak (register-only loop, all threads): {report.PeakGflops.ToString("F1", c)} GFLOP/s\n" +
            $"ceiling, micro-kernel alone on cached operands: {report.KernelCeilingGflops.ToString("F1", c)} GFLOP/s ({Percent(report.KernelCeilingGflops / report.PeakGflops)} of peak)\n" +
            string.Join("\n", report.Reads.Select(read =>
                $"ceiling, one row of A: reading {(read.Buffers > 1 ? $"{read.Buffers} × " : "")}{(read.Bytes / read.Buffers / 1e6).ToString("F1", c)} MB at " +
                $"{read.BandwidthGBps.ToString("F1", c)} GB/s, {(read.BandwidthGBps / 2).ToString("F1", c)} GFLOP/s")));
        console.Write(table);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => fraction.ToString("P0", CultureInfo.InvariantCulture);
}
