using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Amend.Cli.Output;
using Spectre.Console;

namespace Amend.Cli.Commands;

/// <summary><c>amend bench forward</c>: tokens/s of inference and of a training step on a GPT-2-small-shaped model.</summary>
internal static class BenchForwardCommand
{
    private static readonly (int Batch, int Length)[] Shapes = [(1, 32), (8, 32), (1, 256), (8, 256)];

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (for bench/forward_vs_pytorch.py) instead of a table." };
        var runs = new Option<int>("--runs") { Description = "Timed runs per shape (median reported).", DefaultValueFactory = _ => 5 }.AtLeast(1);
        var command = new Command("forward", "Tokens/s of a GPT-2-small-shaped model: inference and one training step, batch 1 and 8, length 32 and 256.") { json, runs };
        command.SetAction(parse => CommandErrors.Run("bench forward", parse.InvocationConfiguration.Error, () =>
        {
            var model = ForwardBenchmark.CreateModel();
            var results = Shapes.Select(s => ForwardBenchmark.Measure(model, s.Batch, s.Length, parse.GetValue(runs))).ToList();
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) output.WriteLine(JsonSerializer.Serialize(new { threads = Environment.ProcessorCount, shapes = results }, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
            else Render(results, output);
            return 0;
        }));
        return command;
    }

    private static void Render(IEnumerable<ForwardBenchmarkResult> results, TextWriter output)
    {
        var console = WriterConsole.For(output);
        var table = new Table().Title("GPT-2 small shape (12 × 768), random weights from safetensors");
        table.AddColumns("batch", "length", "forward tokens/s", "train step tokens/s");
        foreach (var r in results)
        {
            table.AddRow(r.Batch.ToString(CultureInfo.InvariantCulture), r.Length.ToString(CultureInfo.InvariantCulture), r.ForwardTokensPerSecond.ToString("F0", CultureInfo.InvariantCulture), r.TrainTokensPerSecond.ToString("F0", CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }
}
