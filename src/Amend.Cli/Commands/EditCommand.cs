using System.CommandLine;
using Amend.Cli.Output;
using Amend.Editing;
using Amend.Editing.Hyperparameters;
using Amend.Editing.Journal;
using Amend.Editing.Requests;
using Amend.Models.Generation;
using Amend.Models.HuggingFace;

namespace Amend.Cli.Commands;

/// <summary><c>amend edit</c>: apply one or many edits with a method and write the edited model with its journal.</summary>
internal static class EditCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var method = new Option<string>("--method") { Description = "Editing method (EasyEdit alg_name, e.g. ROME, MEMIT, FT).", Required = true };
        var hparams = new Option<string>("--hparams") { Description = "EasyEdit hyperparameter YAML file for the method.", Required = true };
        var prompt = new Option<string?>("--prompt") { Description = "Edit prompt, with the subject written in or as {}." };
        var subject = new Option<string?>("--subject") { Description = "The subject whose fact changes." };
        var target = new Option<string?>("--target") { Description = "The new answer." };
        var groundTruth = new Option<string?>("--ground-truth") { Description = "The current answer (optional)." }
            .Must(answer => !string.IsNullOrWhiteSpace(answer), "an answer (leave the option out when the current one is unknown)");
        var requests = new Option<string?>("--requests") { Description = "JSON file of requests in EasyEdit's fields (instead of --prompt/--subject/--target)." };
        var output = new Option<string>("--out") { Description = "Folder to write the edited model and its journal to.", Required = true }.NonEmptyPath();
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace --out if it exists." };
        var json = new Option<bool>("--json") { Description = "Print the requests' continuations before and after, and each edit's weights and diagnostics, as JSON." };
        var run = new EditRunOptions();
        var command = new Command("edit", "Edit facts in a model and save it with its edit journal.") { method, hparams, prompt, subject, target, groundTruth, requests, output, overwrite, json };
        model.AddTo(command);
        run.AddTo(command);
        command.SetAction((parse, cancellation) => Task.FromResult(CommandErrors.RunInterruptible("edit", parse.InvocationConfiguration.Error, cancellation, stop =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var batch = ReadRequests(parse, requests, prompt, subject, target, groundTruth);
            string outDir = parse.GetValue(output)!;
            string modelArgument = parse.GetValue(model.Model)!;
            ModelSaver.CheckDestination(outDir, Directory.Exists(modelArgument) ? modelArgument : null, parse.GetValue(overwrite));

            // What needs no model is checked, and its warnings (an unknown hyperparameter key) said, before the load.
            var warnings = new List<string>();
            var editor = EditorRegistry.Create(parse.GetValue(method)!, parse.GetValue(hparams)!, warnings);
            var shown = new ProgressRelay<EditProgress>();
            var options = run.Build(parse, modelArgument, warnings, stop, shown);
            Say(error, warnings);
            var loaded = model.Load(parse, error);
            var editable = EditableModel.From(loaded);
            HyperparameterFile.RequireValid(editor.Hyperparameters, editable.Model.Architecture, parse.GetValue(hparams));
            var journal = Directory.Exists(loaded.Source) ? EditJournal.Load(loaded.Source) : EditJournal.Empty();
            // A request typed as options has its errors said in the options' names; one from --requests names its file.
            T Named<T>(Func<T> work) => parse.GetValue(requests) is null ? RequestOptionErrors.Run(work) : work();
            var before = Named(() => batch.Select(r => Continue(editable, r.FilledPrompt)).ToList());
            var results = LayerProgress.Run(error, progress =>
            {
                shown.Target = progress;
                return Named(() => Apply(editor, editable, batch, options));
            });
            foreach (var result in results) journal.Record(result);
            Say(error, warnings);
            var after = batch.Select(r => Continue(editable, r.FilledPrompt)).ToList();
            JournaledSave.Save(loaded, outDir, parse.GetValue(overwrite), journal);
            SaveLeftovers.Warn(error, outDir);
            if (parse.GetValue(json))
            {
                stdout.WriteLine(EditReportJson.Write(outDir, batch, before, after, journal, results.Count).ToJsonString());
                return 0;
            }

            for (int i = 0; i < batch.Count; i++)
            {
                stdout.WriteLine($"{batch[i].FilledPrompt} -> \"{batch[i].TargetNew}\"");
                stdout.WriteLine($"  before:{before[i]}");
                stdout.WriteLine($"  after: {after[i]}");
            }

            stdout.WriteLine($"wrote {outDir} ({journal.Entries.Count} edit(s) in its journal)");
            return 0;
        })));
        return command;
    }

    private static void Say(TextWriter error, List<string> warnings)
    {
        CommandWarnings.Write(error, warnings);
        warnings.Clear();
    }

    private static IReadOnlyList<EditRequest> ReadRequests(ParseResult parse, Option<string?> requests, Option<string?> prompt, Option<string?> subject, Option<string?> target, Option<string?> groundTruth)
    {
        if (parse.GetValue(requests) is string file)
        {
            if (new[] { prompt, subject, target, groundTruth }.FirstOrDefault(o => parse.GetValue(o) is not null) is { } given)
            {
                throw new ArgumentException($"give either --requests or --prompt/--subject/--target/--ground-truth, not both ({given.Name} was given with --requests)");
            }

            var read = EditRequestJson.ReadFile(file);
            return read.Count > 0 ? read : throw new ArgumentException($"{file}: no requests in the file");
        }

        var request = new EditRequest
        {
            Prompt = parse.GetValue(prompt) ?? throw new ArgumentException("--prompt is required (or --requests FILE.json)"),
            Subject = parse.GetValue(subject) ?? throw new ArgumentException("--subject is required with --prompt"),
            TargetNew = parse.GetValue(target) ?? throw new ArgumentException("--target is required with --prompt"),
            GroundTruth = parse.GetValue(groundTruth),
        };
        RequestOptionErrors.Run(request.Validate);
        return [request];
    }

    // A method that batches writes all requests in one update; others edit one request at a time.
    private static IReadOnlyList<EditResult> Apply(IEditor editor, EditableModel model, IReadOnlyList<EditRequest> requests, EditOptions options)
    {
        if (editor is IBatchEditor batchEditor && requests.Count > 1) return [batchEditor.ApplyBatch(model, requests, options)];
        return [.. requests.Select(r => editor.Apply(model, r, options))];
    }

    private static string Continue(EditableModel model, string prompt) =>
        new TextGenerator(model.Model, model.Tokenizer).Generate(prompt, new GenerationOptions { MaxNewTokens = 8 }).Text ?? string.Empty;
}
