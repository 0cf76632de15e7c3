using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Amend.Cli.Output;
using Amend.Editing;
using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Kne;
using Amend.Models.HuggingFace;
using Amend.Models.Tokenizers;
using Spectre.Console;

namespace Amend.Cli.Commands;

/// <summary>
/// <c>amend bench kne</c>: KNE's attribution per edit next to what it is made of, one forward+backward pass of the
/// target probability at the same shape: integrated gradients repeat that pass m times (L·m one layer at a time), so
/// attribution ≈ m × (forward+backward), plus the threshold selection.
/// </summary>
internal static class BenchKneCommand
{
    // The paper's default module and path, GPT-2 names (a model of another family needs --hparams).
    private const string DefaultYaml = "rewrite_module_tmp: transformer.h.{}.mlp.c_proj\nig_steps: 20\nig_scaling: together\np: 0.01";

    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "A model folder with its tokenizer (default: a GPT-2-small-shaped model with random weights)." };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "GPT-2 tokenizer folder for the random model (default: ../shared/models/fake-gpt2-tiny-random beside the checkout)." };
        var hparams = new Option<string?>("--hparams") { Description = "KNE hyperparameters (default: GPT-2's mlp.c_proj in every layer, ig_steps 20, together)." };
        var edits = new Option<int>("--edits") { Description = "Edits timed (the median is reported).", DefaultValueFactory = _ => 3 }.AtLeast(1);
        var command = new Command("kne", "Seconds of KNE's attribution per edit against one forward+backward pass at the same shape.") { model, tokenizer, hparams, edits };
        command.SetAction(parse => CommandErrors.Run("bench kne", parse.InvocationConfiguration.Error, () =>
        {
            var warnings = new List<string>();
            var settings = parse.GetValue(hparams) is string path ? HyperparameterFile.Read<KneHyperparameters>(path, warnings) : HyperparameterFile.Parse<KneHyperparameters>(DefaultYaml, "bench kne");
            CommandWarnings.Write(parse.InvocationConfiguration.Error, warnings);
            var editable = parse.GetValue(model) is string folder
                ? EditableModel.From(PretrainedModel.Load(folder))
                : new EditableModel(ForwardBenchmark.CreateModel(), TokenizerLoader.FromFolder(parse.GetValue(tokenizer) ?? CheckoutFiles.Find(Path.Combine("shared", "models", "fake-gpt2-tiny-random"), "pass --tokenizer DIR")));
            Render(Measure(editable, settings, parse.GetValue(edits)), parse.GetValue(model) ?? "GPT-2 small shape (12 × 768), random weights", parse.InvocationConfiguration.Output);
            return 0;
        }));
        return command;
    }

    private static List<(string What, string Value)> Measure(EditableModel model, KneHyperparameters settings, int edits)
    {
        var attribution = new KneAttribution(model, settings);
        int passes = settings.IgSteps * (settings.IgScaling == KneScaling.Together ? 1 : attribution.Layers.Count);
        var pass = new double[edits];
        var attribute = new double[edits];
        var select = new double[edits];
        long attributed = 0;
        foreach (var (request, i) in EditBenchmark.Requests(edits).Select((r, i) => (r, i)))
        {
            pass[i] = ForwardBenchmark.MedianSeconds(() => attribution.Gradient([request]), 3);
            long start = Stopwatch.GetTimestamp();
            var scores = attribution.Scores([request]);
            attribute[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            start = Stopwatch.GetTimestamp();
            attributed = KnowledgeEnsemble.Select(scores, settings.P).Attributed;
            select[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        double onePass = Median(pass), scoring = Median(attribute), selecting = Median(select);
        return
        [
            ("attributed weights", $"{settings.RewriteModuleTmp} × {attribution.Layers.Count} layers = {attributed:N0} parameters"),
            ("passes per attribution", $"{passes} (ig_steps {settings.IgSteps}, {(settings.IgScaling == KneScaling.Together ? "together" : "per_layer")})"),
            ("one forward+backward of P", Seconds(onePass)),
            ("attribution per edit", Seconds(scoring)),
            ("attribution / (passes × forward+backward)", (scoring / (passes * onePass)).ToString("F2", CultureInfo.InvariantCulture)),
            ($"threshold and ensemble (p = {settings.P.ToString(CultureInfo.InvariantCulture)})", Seconds(selecting)),
        ];
    }

    private static void Render(IEnumerable<(string What, string Value)> rows, string model, TextWriter output)
    {
        var console = WriterConsole.For(output);
        var table = new Table().Title($"KNE attribution on {Markup.Escape(model)} (medians over edits)");
        table.AddColumns("what", "value");
        foreach (var (what, value) in rows) table.AddRow(Markup.Escape(what), Markup.Escape(value));
        console.Write(table);
    }

    private static double Median(double[] values) => values.Order().ElementAt(values.Length / 2);

    private static string Seconds(double seconds) => seconds.ToString("F3", CultureInfo.InvariantCulture) + " s";
}
