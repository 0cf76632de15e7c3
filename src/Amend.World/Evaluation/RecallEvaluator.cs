using Amend.Models.Inference;
using Amend.Models.Tokenizers;
using Amend.Tensors.Autograd;
using Amend.World.Facts;

namespace Amend.World.Evaluation;

/// <summary>
/// Greedy recall: a probe counts when greedy decoding after the prompt produces exactly the answer's tokens and then
/// ".", which ends every sentence of a world's corpus (<see cref="RelationTemplate.Sentence"/>), so that a
/// name recalled as a longer one ("Bada" as "Badaton") does not count. That holds iff, fed prompt + answer, the
/// argmax at every answer position is the answer's next token and after the last one "."; one teacher-forced
/// forward pass per probe decides it (probes are right-padded into batches).
/// </summary>
public static class RecallEvaluator
{
    /// <summary>Facts, paraphrase and alias recall of <paramref name="model"/> on <paramref name="world"/>.</summary>
    public static RecallReport Evaluate(CausalLanguageModel model, ITokenizer tokenizer, FactWorld world)
    {
        var facts = RecallProbes.Facts(world);
        var paraphrases = RecallProbes.Paraphrases(world);
        var aliases = RecallProbes.Aliases(world);
        return new RecallReport(Recall(model, tokenizer, facts), Recall(model, tokenizer, paraphrases), Recall(model, tokenizer, aliases), facts.Count, paraphrases.Count, aliases.Count);
    }

    /// <summary>The fraction of <paramref name="probes"/> recalled (1 for an empty set).</summary>
    public static double Recall(CausalLanguageModel model, ITokenizer tokenizer, IReadOnlyList<RecallProbe> probes, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(probes);
        if (probes.Count == 0) return 1;
        int hits = 0;
        foreach (var chunk in probes.Chunk(batchSize)) hits += Hits(model, tokenizer, chunk);
        return (double)hits / probes.Count;
    }

    private static int Hits(CausalLanguageModel model, ITokenizer tokenizer, RecallProbe[] probes)
    {
        int end = EndOfSentence(tokenizer);
        var prompts = probes.Select(p => tokenizer.Encode(p.Prompt, addSpecialTokens: false)).ToArray();
        var answers = probes.Select(p => tokenizer.Encode(" " + p.Answer, addSpecialTokens: false)).ToArray();
        int length = prompts.Select((p, i) => p.Length + answers[i].Length).Max();
        var rows = prompts.Select((p, i) =>
        {
            var row = new int[length];
            p.CopyTo(row, 0);
            answers[i].CopyTo(row, p.Length);
            return row;
        }).ToArray();
        float[] logits;
        using (GradMode.Disable()) logits = model.Logits(new TokenBatch(rows)).ToArray();
        int hits = 0;
        for (int b = 0; b < rows.Length; b++)
        {
            bool all = true;
            for (int k = 0; k <= answers[b].Length && all; k++)
            {
                int position = prompts[b].Length - 1 + k;
                int expected = k < answers[b].Length ? answers[b][k] : end;
                all = ArgMax(logits.AsSpan((b * length + position) * model.VocabSize, model.VocabSize)) == expected;
            }

            hits += all ? 1 : 0;
        }

        return hits;
    }

    private static int EndOfSentence(ITokenizer tokenizer)
    {
        int[] ids = tokenizer.Encode(".", addSpecialTokens: false);
        return ids.Length == 1 ? ids[0] : throw new InvalidOperationException($"recall needs \".\" as one token, but this tokenizer encodes it as {ids.Length}");
    }

    private static int ArgMax(ReadOnlySpan<float> row) => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(row);
}
