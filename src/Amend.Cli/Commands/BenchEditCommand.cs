using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Amend.Cli.Output;
using Amend.Editing;
using Amend.Models.Tokenizers;
using Spectre.Console;

namespace Amend.Cli.Commands;

/// <summary><c>amend bench edit</c>: seconds of one ROME edit and one MEMIT batch on a GPT-2-small-shaped model, by phase.</summary>
internal static class BenchEditCommand
{
    public static Command Create()
    {
        var tokenizer = new Option<string?>("--tokenizer") { Description = "GPT-2 tokenizer folder (default: ../shared/models/fake-gpt2-tiny-random beside the checkout)." };
        var requests = new Option<int>("--memit-requests") { Description = "Requests in the MEMIT batch.", DefaultValueFactory = _ => 100 }.AtLeast(1);
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("edit", "Seconds of a ROME edit and a MEMIT batch (GPT-2 small shape, statistics precomputed), split by phase.") { tokenizer, requests, json };
        command.SetAction(parse => CommandErrors.Run("bench edit", parse.InvocationConfiguration.Error, () =>
        {
            string tokenizerFolder = parse.GetValue(tokenizer) ?? CheckoutFiles.Find(Path.Combine("shared", "models", "fake-gpt2-tiny-random"), "pass --tokenizer DIR");
            var model = new EditableModel(ForwardBenchmark.CreateModel(), TokenizerLoader.FromFolder(tokenizerFolder));
            var results = new[] { EditBenchmark.Rome(model), EditBenchmark.Memit(model, parse.GetValue(requests)) };
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) output.WriteLine(JsonSerializer.Serialize(results, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
            else Render(results, output);
            return 0;
        }));
        return command;
    }

    private static void Render(IEnumerable<EditBenchmarkResult> results, TextWriter output)
    {
        var console = WriterConsole.For(output);
        var table = new Table().Title("GPT-2 small shape (12 × 768), random weights, statistics precomputed");
        table.AddColumns("method", "requests", "phase", "seconds");
        foreach (var r in results)
        {
            foreach (var (phase, seconds) in r.PhaseSeconds) table.AddRow(r.Method, r.Requests.ToString(CultureInfo.InvariantCulture), phase, seconds.ToString("F2", CultureInfo.InvariantCulture));
            table.AddRow(r.Method, r.Requests.ToString(CultureInfo.InvariantCulture), "[bold]total[/]", r.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }
}
