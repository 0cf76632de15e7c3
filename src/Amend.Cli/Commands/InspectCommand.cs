using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Amend.Models.HuggingFace;
using Amend.Models.Inference;
using Amend.Tensors.Autograd;

namespace Amend.Cli.Commands;

/// <summary><c>amend inspect</c>: print a model's logits for given ids or text, so any implementation can be compared with Amend.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var ids = new Option<string?>("--ids") { Description = "Comma-separated token ids, e.g. 1,2,3." };
        var text = new Option<string?>("--text") { Description = "Text to tokenize first (the ids are printed too)." };
        var allPositions = new Option<bool>("--all-positions") { Description = "Logits for every position, not only the last." };
        var json = new Option<bool>("--json") { Description = "Print JSON (the only format for now; accepted for scripts)." };
        var command = new Command("inspect", "Print the model's next-token logits for token ids or text, as JSON.") { ids, text, allPositions, json };
        model.AddTo(command);
        command.Validators.Add(result =>
        {
            if ((result.GetValue(ids) is null) == (result.GetValue(text) is null)) result.AddError("give exactly one of --ids or --text");
        });
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            return CommandErrors.Run("inspect", error, () =>
            {
                var loaded = model.Load(parse, error);
                int[] tokens = parse.GetValue(text) is string s ? Encode(loaded, s) : ParseIds(parse.GetValue(ids)!);
                Tensor logits;
                using (GradMode.Disable()) logits = loaded.Model.Logits(TokenBatch.Single(tokens));
                int nonFinite = WriteJson(parse.InvocationConfiguration.Output, tokens, logits, parse.GetValue(allPositions), includeIds: parse.GetValue(text) is not null);
                if (nonFinite > 0) CommandWarnings.Write(error, [$"{nonFinite} logit(s) are NaN or infinite, written as null: the model's weights or its inputs overflow"]);
                return 0;
            });
        });
        return command;
    }

    private static int[] Encode(PretrainedModel loaded, string text)
    {
        var tokenizer = loaded.Tokenizer ?? throw new ArgumentException($"{loaded.Source} has no tokenizer; pass --tokenizer or --ids");
        int[] tokens = tokenizer.Encode(text);
        return tokens.Length > 0 ? tokens : throw new ArgumentException($"--text \"{text}\" encodes to no tokens, and a forward pass needs at least one");
    }

    private static int[] ParseIds(string list)
    {
        var parts = CommaList.Items(list, "--ids", "--ids is empty");
        return [.. parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int id) && id >= 0
            ? id
            : throw new ArgumentException($"--ids: \"{p}\" is not a token id"))];
    }

    // Returns how many of the written logits were not finite: JSON has no NaN or infinity, so those are null.
    private static int WriteJson(TextWriter output, int[] tokens, Tensor logits, bool allPositions, bool includeIds)
    {
        int t = logits.Shape[1], vocab = logits.Shape[2], nonFinite = 0;
        var values = logits.ToArray();
        float?[] Row(int position)
        {
            var row = values.AsSpan(position * vocab, vocab).ToArray().Select(v => float.IsFinite(v) ? v : (float?)null).ToArray();
            nonFinite += row.Count(v => v is null);
            return row;
        }

        var document = new Dictionary<string, object>();
        if (includeIds) document["ids"] = tokens;
        document["logits"] = allPositions ? Enumerable.Range(0, t).Select(Row).ToArray() : Row(t - 1);
        output.WriteLine(JsonSerializer.Serialize(document));
        return nonFinite;
    }
}
