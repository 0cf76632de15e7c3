using System.CommandLine;
using System.Globalization;
using Amend.Cli.Output;
using Amend.Editing;
using Amend.Editing.CausalTracing;
using Amend.Models.Checkpoints;

namespace Amend.Cli.Commands;

/// <summary><c>amend trace</c>: causal tracing of a fact (ROME §2.1), a heatmap per restored kind and the decisive MLP layer.</summary>
internal static class TraceCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var prompt = new Option<string>("--prompt") { Description = "The fact's prompt, containing the subject (\"The Eiffel Tower is in\") or \"{}\" in its place.", Required = true };
        var subject = new Option<string>("--subject") { Description = "The subject whose token embeddings are corrupted.", Required = true };
        var target = new Option<string?>("--target") { Description = "Score this answer's first token instead of the clean prediction." };
        var kind = new Option<string>("--kind") { Description = "What to restore: residual, mlp, attention, or all three as panels of one figure.", DefaultValueFactory = _ => "all" };
        kind.AcceptOnlyFromAmong("residual", "mlp", "attention", "all");
        var samples = new Option<int>("--samples") { Description = "Noisy copies averaged per score.", DefaultValueFactory = _ => 10 }
            .InRange(1, CausalTraceOptions.MaxSamples, "ROME uses 10; each is a corrupted copy of the prompt in every forward pass");
        var noise = new Option<double>("--noise") { Description = "Noise std as a multiple of σ (ROME: 3).", DefaultValueFactory = _ => 3.0 }.Must(x => x >= 0 && double.IsFinite(x), "finite and ≥ 0");
        var noiseStd = new Option<double?>("--noise-std") { Description = "σ itself (default: the std of every entry of the token-embedding matrix)." }
            .Must(x => x is not double std || (std >= 0 && double.IsFinite(std)), "finite and ≥ 0");
        var noiseSubjects = new Option<string?>("--noise-subjects") { Description = "Measure σ as ROME does, over the token embeddings of this JSON list's subjects (known_1000.json, KnowEdit, zsRE, CounterFact)." };
        var window = new Option<int?>("--window") { Description = "Layers restored together around each layer (default: 1 for residual, 10 for mlp and attention)." }.AtLeast(1);
        var seed = new Option<int>("--seed") { Description = "Seed of the noise.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Where to write the SVG figure.", Required = true }.NonEmptyPath();
        var json = new Option<bool>("--json") { Description = "Print the scores (ROME's names: input_tokens, subject_range, scores, low_score, high_score) as JSON instead of the summary." };
        var command = new Command("trace", "Causal tracing: which hidden states carry a fact about a subject (SVG heatmaps).") { prompt, subject, target, kind, samples, noise, noiseStd, noiseSubjects, window, seed, output, json };
        model.AddTo(command);
        command.SetAction((parse, cancellation) =>
        {
            var error = parse.InvocationConfiguration.Error;
            return Task.FromResult(CommandErrors.RunInterruptible("trace", error, cancellation, stop =>
            {
                var options = new CausalTraceOptions
                {
                    Samples = parse.GetValue(samples),
                    Noise = parse.GetValue(noise),
                    EmbeddingStd = parse.GetValue(noiseStd),
                    Window = parse.GetValue(window),
                    Seed = parse.GetValue(seed),
                    Cancellation = stop,
                };
                options.Validate();
                if (options.Noise == 0 || options.EmbeddingStd == 0)
                {
                    CommandWarnings.Write(error, ["a noise std of 0 corrupts nothing: the corrupted run equals the clean one, and every effect is 0"]);
                }

                string text = parse.GetValue(prompt)!, about = parse.GetValue(subject)!;
                string? answer = parse.GetValue(target);
                RequestOptionErrors.Run(() => CausalTracer.RequireValidText(text, about, answer));
                string path = Path.GetFullPath(parse.GetValue(output)!);
                WritableFolder.RequireFile(path, "for the trace figure (--out)");
                var subjects = Subjects(parse.GetValue(noiseSubjects), options);
                var editable = EditableModel.From(model.Load(parse, error));
                if (subjects is not null) options = options with { EmbeddingStd = SubjectNoise.SubjectStd(editable, subjects) };
                var tracer = new CausalTracer(editable);
                var kinds = Kinds(parse.GetValue(kind)!);
                var results = LayerProgress.Run(error, progress => RequestOptionErrors.Run(() =>
                    kinds.Select(k => tracer.Trace(text, about, answer, options with { Kind = k, Progress = progress })).ToList()));
                AtomicFile.WriteAllText(path, TraceHeatmapSvg.Render(results));
                if (parse.GetValue(json)) parse.InvocationConfiguration.Output.WriteLine(TraceReportJson.Write(results, path).ToJsonString());
                else Report(parse.InvocationConfiguration.Output, results, path);
                return 0;
            }));
        });
        return command;
    }

    // Read before the model loads, so a bad file fails in a second rather than after the load.
    private static IReadOnlyList<string>? Subjects(string? path, CausalTraceOptions options)
    {
        if (path is null) return null;
        if (options.EmbeddingStd is not null) throw new ArgumentException("give either --noise-std or --noise-subjects, not both");
        return SubjectList.Read(Path.GetFullPath(path));
    }

    private static CausalTraceKind[] Kinds(string kind) => kind switch
    {
        "residual" => [CausalTraceKind.Residual],
        "mlp" => [CausalTraceKind.Mlp],
        "attention" => [CausalTraceKind.Attention],
        _ => [CausalTraceKind.Residual, CausalTraceKind.Mlp, CausalTraceKind.Attention],
    };

    // The best layer is read at the subject's last token, where ROME finds the decisive MLP effect; MLP comes last as the headline.
    private static void Report(TextWriter output, IReadOnlyList<TraceResult> results, string path)
    {
        var first = results[0];
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"answer \"{first.Answer}\" (id {first.AnswerId}): clean p = {first.CleanProbability:0.####}, corrupted p = {first.CorruptedProbability:0.####}, noise std {first.NoiseStd:0.####}, {first.Samples} samples"));
        foreach (var result in results.OrderBy(r => r.Kind == CausalTraceKind.Mlp))
        {
            int best = result.BestLayer(result.SubjectLast);
            output.WriteLine(string.Create(c, $"{result.Kind.ToString().ToLowerInvariant()} (window {result.Window}): best layer {best} at \"{result.Tokens[result.SubjectLast]}\", indirect effect {result.IndirectEffect(result.SubjectLast, best):0.####}"));
        }

        output.WriteLine(string.Create(c, $"wrote {path}"));
    }
}
