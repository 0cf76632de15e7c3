namespace Amend.Editing.Methods.Kn;

/// <summary>
/// How KN turns attribution scores into knowledge neurons (Dai et al. 2022, §3.2, as EasyEdit's
/// <c>get_coarse_neurons</c> and <c>get_refined_neurons</c>): per prompt, the neurons scoring above a fraction of
/// the prompt's largest score; across prompts, those that enough prompts share.
/// </summary>
public static class NeuronSelection
{
    /// <summary>
    /// The coarse neurons of one prompt: every (layer, i) with score &gt; t, t = <paramref name="adaptiveThreshold"/> ·
    /// max over all layers and neurons. Layer-major, ascending index. None when no score is positive (t ≥ every score).
    /// </summary>
    /// <param name="scores">Attribution scores [layer][neuron].</param>
    /// <param name="adaptiveThreshold">The fraction of the largest score.</param>
    /// <exception cref="ArgumentException">No scores.</exception>
    public static IReadOnlyList<KnowledgeNeuron> Coarse(IReadOnlyList<float[]> scores, double adaptiveThreshold)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0 || scores.All(layer => layer.Length == 0)) throw new ArgumentException("NeuronSelection: no scores to select from", nameof(scores));
        double threshold = scores.Where(layer => layer.Length > 0).Max(layer => layer.Max()) * adaptiveThreshold;
        var selected = new List<KnowledgeNeuron>();
        for (int layer = 0; layer < scores.Count; layer++)
        {
            for (int i = 0; i < scores[layer].Length; i++)
            {
                if (scores[layer][i] > threshold) selected.Add(new KnowledgeNeuron(layer, i));
            }
        }

        return selected;
    }

    /// <summary>
    /// The refined neurons over n prompts: with <paramref name="refine"/>, those selected by more than p·n prompts; else
    /// every neuron any prompt selected. In order of first selection (prompt order, then each prompt's order).
    /// </summary>
    /// <param name="coarse">Each prompt's coarse neurons.</param>
    /// <param name="p">The share of prompts a neuron must exceed, in [0, 1).</param>
    /// <param name="refine">Whether to apply the share threshold.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1).</exception>
    public static IReadOnlyList<KnowledgeNeuron> Refine(IReadOnlyList<IReadOnlyList<KnowledgeNeuron>> coarse, double p, bool refine)
    {
        ArgumentNullException.ThrowIfNull(coarse);
        if (!(p >= 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "NeuronSelection: p is a share of the prompts, in [0, 1)");
        var counts = new Dictionary<KnowledgeNeuron, int>();
        var order = new List<KnowledgeNeuron>();
        foreach (var neuron in coarse.SelectMany(prompt => prompt.Distinct()))
        {
            if (counts.TryAdd(neuron, 1)) order.Add(neuron);
            else counts[neuron]++;
        }

        double shared = coarse.Count * p;
        return refine ? [.. order.Where(n => counts[n] > shared)] : order;
    }
}
