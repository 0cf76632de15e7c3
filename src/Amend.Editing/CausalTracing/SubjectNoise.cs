using Amend.Models.Architectures;
using Amend.Models.Inference;

namespace Amend.Editing.CausalTracing;

/// <summary>The Gaussian noise that corrupts the subject's token embeddings, and the scale it is measured in.</summary>
internal static class SubjectNoise
{
    /// <summary>
    /// σ of every entry of the token-embedding matrix (unbiased, as torch.std). ROME measures σ over the embeddings
    /// of a fact list's subjects; the whole matrix needs no list and gives each model one fixed scale.
    /// </summary>
    public static double EmbeddingStd(CausalLanguageModel model)
    {
        float[] weights = model.Weight(ModuleRole.Embedding).Value.ToFloat32().ToArray();
        if (weights.Length < 2) throw new InvalidOperationException($"causal trace: the token embedding has {weights.Length} entries; σ needs at least 2");
        double sum = 0, squares = 0;
        foreach (float w in weights)
        {
            sum += w;
            squares += (double)w * w;
        }

        double mean = sum / weights.Length;
        return Math.Sqrt(Math.Max(0, (squares - (weights.Length * mean * mean)) / (weights.Length - 1)));
    }

    /// <summary>ε·std for <paramref name="samples"/> copies of <paramref name="tokens"/> subject tokens: (samples·tokens, width), row s·tokens + j.</summary>
    public static Tensor Sample(int samples, int tokens, int width, double std, int seed) =>
        Tensor.Randn(new Shape(samples * tokens, width), new Random(seed), (float)std);
}
