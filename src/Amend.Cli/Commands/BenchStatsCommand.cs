using System.CommandLine;
using System.Globalization;
using Amend.Cli.Output;
using Amend.Editing;
using Amend.Editing.Statistics;
using Amend.Models.Hooks;
using Amend.Models.Inference;
using Amend.Models.Tokenizers;
using Amend.Tensors.Autograd;
using Amend.Tensors.Linalg;
using Spectre.Console;

namespace Amend.Cli.Commands;

/// <summary>
/// <c>amend bench stats</c>: layer-statistics throughput on the GPT-2-small-shaped random model of
/// <c>bench forward</c>, next to what bounds it: the forward pass stopped after the layer, the full forward, and
/// the float64 Σ k kᵀ update alone, each on 3 × 1024-token batches.
/// </summary>
internal static class BenchStatsCommand
{
    private const int Rows = 3;
    private const int Length = 1024;

    public static Command Create()
    {
        var tokenizer = new Option<string>("--tokenizer") { Description = "A GPT-2 tokenizer folder (vocab.json + merges.txt or tokenizer.json).", Required = true };
        var corpus = new Option<string>("--corpus") { Description = "Corpus for the statistics run (plain text or JSON Lines, .gz accepted).", Required = true };
        var samples = new Option<int>("--samples") { Description = "Corpus rows (EasyEdit's sample).", DefaultValueFactory = _ => 300 }.AtLeast(1);
        var layer = new Option<int>("--layer") { Description = "Block whose keys are measured.", DefaultValueFactory = _ => 5 }.InRange(0, ForwardBenchmark.Layers - 1, "the blocks of the GPT-2-small shape");
        var runs = new Option<int>("--runs") { Description = "Timed runs of each forward measurement (median).", DefaultValueFactory = _ => 3 }.AtLeast(1);
        var command = new Command("stats", "Tokens/s of layer statistics against the forward pass that bounds them (GPT-2 small shape).") { tokenizer, corpus, samples, layer, runs };
        command.SetAction(parse => CommandErrors.Run("bench stats", parse.InvocationConfiguration.Error, () =>
        {
            var loadedTokenizer = TokenizerLoader.FromFolder(parse.GetValue(tokenizer)!);
            var text = TextCorpus.Open(parse.GetValue(corpus)!);
            var editable = new EditableModel(ForwardBenchmark.CreateModel(), loadedTokenizer);
            var results = Measure(editable, text, parse.GetValue(samples), parse.GetValue(layer), parse.GetValue(runs));
            Render(results, parse.GetValue(layer), parse.InvocationConfiguration.Output);
            return 0;
        }));
        return command;
    }

    private static List<(string What, double TokensPerSecond)> Measure(EditableModel editable, TextCorpus corpus, int samples, int layer, int runs)
    {
        var model = editable.Model;
        var random = new Random(1);
        var batch = new TokenBatch([.. Enumerable.Range(0, Rows).Select(_ => Enumerable.Range(0, Length).Select(_ => random.Next(model.VocabSize)).ToArray())]);
        double full = ForwardBenchmark.MedianSeconds(() => { using var _ = GradMode.Disable(); model.Logits(batch); }, runs);
        double stopped = ForwardBenchmark.MedianSeconds(() =>
        {
            using var _ = GradMode.Disable();
            using var trace = new Amend.Models.Hooks.Trace(model.Hooks, HookPoint.MlpOutputProjection(layer), new Amend.Models.Hooks.TraceOptions { RetainInput = true, Stop = true });
            model.Run(batch);
        }, runs);
        int d = LayerStatistics.KeyWidth(model, layer);
        var keys = new double[Rows * Length * d];
        for (int i = 0; i < keys.Length; i++) keys[i] = random.NextDouble();
        var sum = new Matrix64(d, d);
        double syrk = ForwardBenchmark.MedianSeconds(() => SymmetricRankK.Update(sum, keys, Rows * Length), runs);

        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        var statistics = new LayerStatistics(editable, [layer]).Compute(corpus, RowSelection.EasyEditSample(samples));
        double seconds = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        const int tokens = Rows * Length;
        return
        [
            ("full forward (logits)", tokens / full),
            ($"forward stopped after layer {layer}", tokens / stopped),
            ($"Σ k kᵀ update alone (float64, d = {d})", tokens / syrk),
            ($"statistics end to end ({statistics[0].Count:N0} tokens of {samples} rows: tokenise, pad, forward, update)", statistics[0].Count / seconds),
        ];
    }

    private static void Render(List<(string What, double TokensPerSecond)> results, int layer, TextWriter output)
    {
        var console = WriterConsole.For(output);
        var table = new Table().Title($"GPT-2 small shape (12 × 768), keys of layer {layer}, {Rows} × {Length}-token batches");
        table.AddColumns("measurement", "tokens/s");
        foreach (var (what, rate) in results) table.AddRow(Markup.Escape(what), rate.ToString("F0", CultureInfo.InvariantCulture));
        console.Write(table);
    }
}
