using Amend.Models.Inference;

namespace Amend.Editing.Methods.FineTune;

/// <summary>
/// One optimiser batch of requests, encoded for its objective as a list of (logit row, target id, weight)
/// terms, so that both objectives share one loss: ℓ = Σₙ wₙ·(−log softmax(logits[rowₙ])[targetₙ]), with
/// wₙ = 1 / (B · |yᵦ|) for a term of request b: the mean over each request's target tokens, then over the batch,
/// as EasyEdit's masked mean.
/// </summary>
internal sealed class FineTuneBatch
{
    private readonly int[] _rows;
    private readonly int[] _targets;
    private readonly float[] _weights;

    private FineTuneBatch(TokenBatch tokens, int[] rows, int[] targets, float[] weights)
    {
        Tokens = tokens;
        (_rows, _targets, _weights) = (rows, targets, weights);
    }

    /// <summary>The left-padded inputs (B, T).</summary>
    public TokenBatch Tokens { get; }

    /// <summary>Requests in the batch (B).</summary>
    public int Size => Tokens.BatchSize;

    /// <summary>
    /// Splits <paramref name="requests"/> into batches of <paramref name="batchSize"/> in order and encodes each.
    /// prompt_last: input = prompt; every target token is scored at the prompt's last position.
    /// target_new: input = prompt + " " + target; target token j is scored at position j − 1.
    /// </summary>
    /// <exception cref="EditRequestException">A target encodes to no tokens (names the request).</exception>
    public static IReadOnlyList<FineTuneBatch> Build(EditableModel model, IReadOnlyList<EditRequest> requests, FineTuneObjective objective, int batchSize)
    {
        var encoded = requests.Select((r, i) => Encode(model, r, i, objective)).ToArray();
        return [.. encoded.Chunk(batchSize).Select(chunk => Assemble(chunk, model.PadId))];
    }

    /// <summary>The batch loss ℓ (a scalar with a graph back to whatever the model's weights require grad for).</summary>
    public Tensor Loss(CausalLanguageModel model) => TermLosses(model).Mul(Tensor.Wrap(_weights, new Shape(_weights.Length))).Sum();

    /// <summary>
    /// Each term's −log p(targetₙ) (N terms, one per target token of every request), unweighted, with a graph back to
    /// whatever the model's weights require grad for. KNE's attribution reads Σₙ exp(−ℓₙ) from it.
    /// </summary>
    public Tensor TermLosses(CausalLanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var logits = model.Logits(Tokens);
        int b = logits.Shape[0], t = logits.Shape[1], v = logits.Shape[2];
        return logits.Reshape(b * t, v).IndexSelect(0, _rows).CrossEntropy(_targets, reduction: LossReduction.None);
    }

    // Input ids, and the scored (position, target id) pairs in the unpadded row.
    private sealed record EncodedRequest(int[] Ids, (int Position, int Target)[] Terms);

    private static EncodedRequest Encode(EditableModel model, EditRequest request, int index, FineTuneObjective objective)
    {
        int[] prompt = model.EncodePrompt(request.FilledPrompt);
        if (prompt.Length == 0) throw new EditRequestException("prompt", $"request {index}: \"{request.FilledPrompt}\" encodes to no tokens");

        // EasyEdit prefixes the space itself ("Space required for correct tokenization").
        string target = " " + request.TargetNew;
        if (objective == FineTuneObjective.PromptLast)
        {
            int? unknown = model.Tokenizer.SpecialTokens.Unk;
            int[] targetIds = [.. model.EncodeContinuation(target).Where(id => id != unknown)];
            if (targetIds.Length == 0) throw new EditRequestException("target_new", $"request {index}: \"{request.TargetNew}\" encodes to no (known) tokens");
            return new EncodedRequest(prompt, [.. targetIds.Select(id => (prompt.Length - 1, id))]);
        }

        // As EasyEdit: the prompt+target text is encoded whole, and its first |prompt| tokens are the prompt.
        int[] full = model.EncodePrompt(request.FilledPrompt + target);
        if (full.Length <= prompt.Length) throw new EditRequestException("target_new", $"request {index}: \"{request.TargetNew}\" adds no tokens after the prompt");
        return new EncodedRequest(full, [.. Enumerable.Range(prompt.Length, full.Length - prompt.Length).Select(j => (j - 1, full[j]))]);
    }

    private static FineTuneBatch Assemble(EncodedRequest[] requests, int padId)
    {
        var tokens = TokenBatch.LeftPadded([.. requests.Select(r => r.Ids)], padId);
        int length = tokens.Length;
        var rows = new List<int>();
        var targets = new List<int>();
        var weights = new List<float>();
        for (int b = 0; b < requests.Length; b++)
        {
            var request = requests[b];
            int padding = length - request.Ids.Length;
            float weight = (float)(1.0 / (requests.Length * request.Terms.Length));
            foreach (var (position, target) in request.Terms)
            {
                rows.Add((b * length) + padding + position);
                targets.Add(target);
                weights.Add(weight);
            }
        }

        return new FineTuneBatch(tokens, [.. rows], [.. targets], [.. weights]);
    }
}
