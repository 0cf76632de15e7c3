using System.CommandLine;
using System.Globalization;
using Amend.Editing.Journal;
using Amend.Models.HuggingFace;

namespace Amend.Cli.Commands;

/// <summary><c>amend edits list|undo|replay</c>: work with the journal beside an edited model.</summary>
internal static class EditsCommand
{
    public static Command Create() => new("edits", "List, undo or replay the edits recorded beside a model.") { List(), Undo(), Replay() };

    private static Command List()
    {
        var model = new Option<string>("--model") { Description = "An edited model folder.", Required = true };
        var command = new Command("list", "List the edits in a model's journal.") { model };
        command.SetAction(parse => CommandErrors.Run("edits list", parse.InvocationConfiguration.Error, () =>
        {
            var output = parse.InvocationConfiguration.Output;
            var journal = EditJournal.Load(RequireFolder(parse.GetValue(model)!));
            if (journal.Entries.Count == 0) output.WriteLine("no edits recorded");
            foreach (var entry in journal.Entries)
            {
                string requests = string.Join("; ", entry.Requests.Select(r => $"{r!["prompt"]} -> {r["target_new"]}"));
                string weights = string.Join(", ", entry.Parameters.Select(p => $"{p.Name} |Δ|={p.DeltaNorm.ToString("G4", CultureInfo.InvariantCulture)}"));
                output.WriteLine($"{entry.Index}. {entry.Method} {entry.Timestamp:u}: {requests} [{weights}]");
            }

            return 0;
        }));
        return command;
    }

    private static Command Undo()
    {
        var model = new Option<string>("--model") { Description = "An edited model folder.", Required = true };
        var count = new Option<int>("--count") { Description = "How many of the latest edits to undo.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder for the restored model.", Required = true }.NonEmptyPath();
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace --out if it exists." };
        var command = new Command("undo", "Undo the latest edits bit for bit and save the result.") { model, count, output, overwrite };
        command.SetAction(parse => CommandErrors.Run("edits undo", parse.InvocationConfiguration.Error, () =>
        {
            // The journal, the count and the destination are checked before the model loads: a large one takes minutes.
            string folder = RequireFolder(parse.GetValue(model)!);
            var journal = RequireJournal(folder, "--model names the edited model's folder");
            journal.RequireUndoable(parse.GetValue(count));
            ModelSaver.CheckDestination(parse.GetValue(output)!, folder, parse.GetValue(overwrite));
            var loaded = PretrainedModel.Load(folder);
            var remaining = journal.Undo(loaded.Model, parse.GetValue(count));
            ModelSaver.Save(loaded.Model, parse.GetValue(output)!, folder, overwrite: parse.GetValue(overwrite), writeExtras: remaining.WriteTo);
            SaveLeftovers.Warn(parse.InvocationConfiguration.Error, parse.GetValue(output)!);
            parse.InvocationConfiguration.Output.WriteLine($"undid {parse.GetValue(count)} edit(s); {remaining.Entries.Count} remain; wrote {parse.GetValue(output)}");
            return 0;
        }));
        return command;
    }

    private static Command Replay()
    {
        var journal = new Option<string>("--journal") { Description = "The edited model folder whose journal to replay.", Required = true };
        var model = new Option<string>("--model") { Description = "The original model the journal started from: its folder, or its llama2.c checkpoint.", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the replayed model.", Required = true }.NonEmptyPath();
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace --out if it exists." };
        var command = new Command("replay", "Apply a journal's recorded deltas to the original model.") { journal, model, output, overwrite };
        command.SetAction(parse => CommandErrors.Run("edits replay", parse.InvocationConfiguration.Error, () =>
        {
            string original = parse.GetValue(model)!;
            if (!Directory.Exists(original) && !File.Exists(original)) throw new FileNotFoundException($"no model folder or llama2.c file at {original}", original);
            var recorded = RequireJournal(RequireFolder(parse.GetValue(journal)!), "--journal names the edited model's folder, --model the original one");
            ModelSaver.CheckDestination(parse.GetValue(output)!, Directory.Exists(original) ? original : null, parse.GetValue(overwrite));
            var loaded = PretrainedModel.Load(original);
            recorded.Replay(loaded.Model);
            JournaledSave.Save(loaded, parse.GetValue(output)!, parse.GetValue(overwrite), recorded);
            SaveLeftovers.Warn(parse.InvocationConfiguration.Error, parse.GetValue(output)!);
            parse.InvocationConfiguration.Output.WriteLine($"replayed {recorded.Entries.Count} edit(s); wrote {parse.GetValue(output)}");
            return 0;
        }));
        return command;
    }

    private static EditJournal RequireJournal(string folder, string hint)
    {
        var journal = EditJournal.Load(folder);
        return journal.Entries.Count > 0 ? journal : throw new JournalException($"{folder} has no edit journal (edits/journal.json): {hint}");
    }

    private static string RequireFolder(string path) =>
        Directory.Exists(path) ? path : throw new DirectoryNotFoundException($"no model folder at {path}");
}
