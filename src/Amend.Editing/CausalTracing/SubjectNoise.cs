using Amend.Models.Architectures;
using Amend.Models.Inference;

namespace Amend.Editing.CausalTracing;

/// <summary>The Gaussian noise that corrupts the subject's token embeddings, and the scale it is measured in.</summary>
public static class SubjectNoise
{
    /// <summary>
    /// σ of every entry of the token-embedding matrix (unbiased, as torch.std). ROME measures σ over the embeddings
    /// of a fact list's subjects (<see cref="SubjectStd"/>); the whole matrix needs no list and gives each model one
    /// fixed scale.
    /// </summary>
    public static double EmbeddingStd(CausalLanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Std(model.Weight(ModuleRole.Embedding).Value.ToFloat32().ToArray(), "the token embedding");
    }

    /// <summary>
    /// σ the way ROME's collect_embedding_std measures it: the unbiased std of every entry of the token embeddings of
    /// every subject in <paramref name="subjects"/>, each tokenised alone without special tokens, repeats kept.
    /// </summary>
    /// <exception cref="ArgumentException">No subject has a token, or all of them together have a single entry.</exception>
    public static double SubjectStd(EditableModel model, IReadOnlyList<string> subjects)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(subjects);
        int[] ids = [.. subjects.SelectMany(model.EncodeContinuation)];
        if (ids.Length == 0) throw new ArgumentException($"causal trace: the {subjects.Count} subjects have no tokens to measure σ over", nameof(subjects));
        var weight = model.Model.Weight(ModuleRole.Embedding).Value;
        return Std(Tensor.Embedding(weight, ids, new Shape(ids.Length)).ToFloat32().ToArray(), $"the embeddings of {subjects.Count} subjects");
    }

    /// <summary>ε·std for <paramref name="samples"/> copies of <paramref name="tokens"/> subject tokens: (samples·tokens, width), row s·tokens + j.</summary>
    internal static Tensor Sample(int samples, int tokens, int width, double std, int seed) =>
        Tensor.Randn(new Shape(samples * tokens, width), new Random(seed), (float)std);

    private static double Std(float[] values, string what)
    {
        if (values.Length < 2) throw new ArgumentException($"causal trace: σ over {what} needs at least 2 entries, found {values.Length}");
        double sum = 0, squares = 0;
        foreach (float v in values)
        {
            sum += v;
            squares += (double)v * v;
        }

        double mean = sum / values.Length;
        return Math.Sqrt(Math.Max(0, (squares - (values.Length * mean * mean)) / (values.Length - 1)));
    }
}
