using Amend.Editing.Shared;
using Amend.Models.Inference;

namespace Amend.Editing.Methods.Kn;

/// <summary>
/// KN's attribution scores of one prompt: integrated gradients (<see cref="IntegratedGradients"/>) of every
/// neuron of every layer for each answer token, teacher-forced (token j is scored after the prompt and answer
/// tokens before it), averaged over the answer's tokens as EasyEdit averages its per-token scores.
/// </summary>
internal static class AnswerAttribution
{
    /// <summary>Scores [layer][neuron] for <paramref name="answer"/> after <paramref name="prompt"/>.</summary>
    public static float[][] Scores(CausalLanguageModel model, int[] prompt, int[] answer, KnHyperparameters h, Action<int>? layerDone = null)
    {
        int layers = model.Architecture.NumLayers;
        double[][]? sum = null;
        for (int j = 0; j < answer.Length; j++)
        {
            int[] sequence = [.. prompt, .. answer.AsSpan(0, j)];
            var (activations, blockInputs) = IntegratedGradients.CleanPass(model, sequence);
            sum ??= [.. activations.Select(a => new double[a.Length])];
            for (int layer = 0; layer < layers; layer++)
            {
                var scores = IntegratedGradients.Attribute(model, sequence, answer[j], layer, activations[layer], h.Steps, h.BatchSize, blockInputs[layer]);
                for (int i = 0; i < scores.Length; i++) sum[layer][i] += scores[i];
                layerDone?.Invoke((j * layers) + layer + 1);
            }
        }

        return [.. sum!.Select(layer => layer.Select(v => (float)(v / answer.Length)).ToArray())];
    }
}
