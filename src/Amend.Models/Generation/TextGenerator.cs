using Amend.Models.Inference;
using Amend.Models.Tokenizers;
using Amend.Tensors.Autograd;

namespace Amend.Models.Generation;

/// <summary>
/// Continues a batch of prompts with a key/value cache: the left-padded prompts once, then one token per
/// row and step until every row has ended (EOS id, stop string, or the token limit).
/// </summary>
public sealed class TextGenerator(CausalLanguageModel model, ITokenizer? tokenizer = null)
{
    /// <summary>Continues one text prompt (tokenized with special tokens, as transformers does).</summary>
    /// <exception cref="InvalidOperationException">No tokenizer was given.</exception>
    public GeneratedSequence Generate(string prompt, GenerationOptions options)
    {
        var tok = tokenizer ?? throw new InvalidOperationException("generating from text needs a tokenizer");
        int[] ids = tok.Encode(prompt);
        if (ids.Length == 0) throw new ArgumentException($"the prompt \"{prompt}\" encodes to no tokens (this tokenizer adds no BOS); give some text to continue", nameof(prompt));
        return Generate([ids], options)[0];
    }

    /// <summary>Continues each prompt; rows of different lengths are left-padded and masked.</summary>
    /// <remarks>A continuation stops at the model's positions (finish reason "length") even before <see cref="GenerationOptions.MaxNewTokens"/>.</remarks>
    /// <exception cref="ArgumentException">Options out of range, an empty prompt, or stop strings without a tokenizer.</exception>
    /// <exception cref="SequenceTooLongException">A prompt is longer than the model's positions.</exception>
    public IReadOnlyList<GeneratedSequence> Generate(IReadOnlyList<int[]> prompts, GenerationOptions options)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (prompts.Count == 0 || prompts.Any(p => p.Length == 0)) throw new ArgumentException("every prompt needs at least one token", nameof(prompts));
        if (options.StopStrings.Count > 0 && tokenizer is null) throw new ArgumentException("stop strings need a tokenizer to decode the continuation", nameof(options));

        using var noGrad = GradMode.Disable();
        var sampler = new TokenSampler(options);
        var cache = new KeyValueCache(model.Architecture.NumLayers);
        var rows = prompts.Select(_ => new RowState()).ToArray();
        var input = TokenBatch.LeftPadded(prompts, PadId());

        // Prompt and continuation share the model's positions: generation ends ("length") when they are used up.
        if (input.Length > model.MaxPositions) throw new SequenceTooLongException(input.Length, model.MaxPositions, model.Architecture.ModelType);
        int steps = Math.Min(options.MaxNewTokens, model.MaxPositions - input.Length);
        for (int step = 0; step < steps && rows.Any(r => r.FinishReason is null); step++)
        {
            var logits = model.Logits(input, cache);
            var next = new int[rows.Length];
            for (int b = 0; b < rows.Length; b++)
            {
                next[b] = rows[b].FinishReason is null ? sampler.Next(LastRow(logits, b)) : PadId();
                if (rows[b].FinishReason is null) Append(rows[b], next[b], options);
            }

            input = new TokenBatch([.. next.Select(id => new[] { id })]);
        }

        return [.. rows.Select(r => new GeneratedSequence(r.Ids, r.Text, r.FinishReason ?? "length"))];
    }

    private void Append(RowState row, int id, GenerationOptions options)
    {
        row.Ids.Add(id);
        if (options.EosTokenIds.Contains(id)) row.FinishReason = "eos";
        if (tokenizer is null) return;
        // A model may have more embedding rows than its tokenizer has tokens (Pythia, Qwen2 pad the vocabulary), and an
        // id past the tokenizer's has no text: it is kept in the ids and left out of the text, as Hugging Face's
        // decoders skip it.
        row.Text = tokenizer.Decode(row.Ids.Where(i => tokenizer.IdToToken(i) is not null).ToArray());
        foreach (string stop in options.StopStrings)
        {
            int at = row.Text.IndexOf(stop, StringComparison.Ordinal);
            if (at < 0) continue;
            row.Text = row.Text[..at];
            row.FinishReason = "stop";
            return;
        }
    }

    private int PadId() => tokenizer?.SpecialTokens.Pad ?? tokenizer?.SpecialTokens.Eos ?? 0;

    // logits: (B, T, V) → the V logits of row b's last position
    private static float[] LastRow(Tensor logits, int row) => logits.Narrow(0, row, 1).Narrow(1, logits.Shape[1] - 1, 1).ToArray();

    private sealed class RowState
    {
        public List<int> Ids { get; } = [];

        public string? Text { get; set; }

        public string? FinishReason { get; set; }
    }
}
