using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Amend.Models.HuggingFace;
using Amend.World.Evaluation;
using Amend.World.Generation;

namespace Amend.Cli.Commands;

/// <summary><c>amend world eval</c>: greedy recall of a world model on trained facts, held-out paraphrases and aliases.</summary>
internal static class WorldEvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (with world.json, or pass --world).", Required = true };
        var world = new Option<string?>("--world") { Description = "world.json to evaluate on (default: the model folder's)." };
        var json = new Option<bool>("--json") { Description = "Print facts_recall, paraphrase_recall and alias_recall as JSON." };
        var command = new Command("eval", "Measure facts, paraphrase and alias recall of a model trained on a world.") { model, world, json };
        command.SetAction(parse => CommandErrors.Run("world eval", parse.InvocationConfiguration.Error, () =>
        {
            string folder = parse.GetValue(model)!;
            var facts = WorldFile.Load(parse.GetValue(world) ?? Path.Combine(folder, WorldFile.FileName));
            var loaded = PretrainedModel.Load(folder);
            var tokenizer = loaded.Tokenizer ?? throw new ArgumentException($"{folder} has no tokenizer.json");
            var report = RecallEvaluator.Evaluate(loaded.Model, tokenizer, facts);
            Write(parse.InvocationConfiguration.Output, report, parse.GetValue(json));
            return 0;
        }));
        return command;
    }

    private static void Write(TextWriter output, RecallReport r, bool json)
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["facts_recall"] = r.FactsRecall,
                ["paraphrase_recall"] = r.ParaphraseRecall,
                ["alias_recall"] = r.AliasRecall,
                ["fact_probes"] = r.FactProbes,
                ["paraphrase_probes"] = r.ParaphraseProbes,
                ["alias_probes"] = r.AliasProbes,
            }));
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"facts_recall       {r.FactsRecall:P2}  ({r.FactProbes} probes, trained templates)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"paraphrase_recall  {r.ParaphraseRecall:P2}  ({r.ParaphraseProbes} probes, held-out templates)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"alias_recall       {r.AliasRecall:P2}  ({r.AliasProbes} probes, aliases as subject)"));
    }
}
