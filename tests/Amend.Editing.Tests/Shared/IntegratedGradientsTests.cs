using Amend.Editing.Shared;
using Amend.Editing.Tests.CausalTracing;
using Amend.Models.Inference;
using Amend.Tensors.Autograd;

namespace Amend.Editing.Tests.Shared;

public sealed class IntegratedGradientsTests
{
    private const int Layer = 1;

    public static TheoryData<string> Models() => [TraceModels.Gpt2, TraceModels.Stories];

    [Fact]
    public void Alphas_AreTorchLinspaceFromZeroToOne()
    {
        Assert.Equal([0f], IntegratedGradients.Alphas(1));
        Assert.Equal([0f, 0.25f, 0.5f, 0.75f, 1f], IntegratedGradients.Alphas(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => IntegratedGradients.Alphas(0));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Evaluate_AtTheCleanActivation_GivesTheModelsOwnProbability(string name)
    {
        // Given: the model's answer after the prompt, and its unedited probability
        var (model, ids, answer, activations) = Setup(name);
        double expected;
        using (GradMode.Disable())
        {
            var logits = model.Model.Logits(TokenBatch.Single(ids));
            expected = logits.Narrow(1, ids.Length - 1, 1).Reshape(logits.Shape[2]).Softmax().ToArray()[answer];
        }

        // When: the last token's activation is replaced by itself (one row) and by itself again (a second row)
        var result = IntegratedGradients.Evaluate(model.Model, ids, answer, Layer, [activations[Layer], activations[Layer]]);

        // Then
        Assert.All(result.Probabilities, p => Assert.Equal(expected, p, expected * 1e-4));
        TensorAssert.Close(result.Gradients[0], result.Gradients[1], rtol: 1e-4, atol: 1e-6, what: "gradients of identical rows");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Evaluate_GradientMatchesCentralDifferences(string name)
    {
        // Given: a point halfway along the path, and the six neurons with the largest gradient there
        var (model, ids, answer, activations) = Setup(name);
        float[] point = [.. activations[Layer].Select(a => 0.5f * a)];
        float[] gradient = IntegratedGradients.Evaluate(model.Model, ids, answer, Layer, [point]).Gradients[0];
        int[] neurons = [.. Enumerable.Range(0, gradient.Length).OrderByDescending(i => Math.Abs(gradient[i])).Take(6)];
        const float h = 1e-2f;

        // When: p(a ± h·eᵢ), all twelve rows in one batch
        var rows = neurons.SelectMany(i => new[] { Shifted(point, i, h), Shifted(point, i, -h) }).ToArray();
        var p = IntegratedGradients.Evaluate(model.Model, ids, answer, Layer, rows).Probabilities;

        // Then: ∂p/∂aᵢ = p·(∂lᵧ/∂aᵢ − Σᵥ pᵥ·∂lᵥ/∂aᵢ) from autograd equals (p(a + h·eᵢ) − p(a − h·eᵢ)) / 2h
        double scale = neurons.Max(i => Math.Abs(gradient[i]));
        for (int k = 0; k < neurons.Length; k++)
        {
            double difference = (p[2 * k] - p[(2 * k) + 1]) / (2 * h);
            Assert.True(Math.Abs(difference - gradient[neurons[k]]) <= 2e-2 * scale, $"neuron {neurons[k]}: autograd {gradient[neurons[k]]}, finite difference {difference}");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Attribute_SumsToTheProbabilityChangeAlongThePath(string name)
    {
        // Given
        var (model, ids, answer, activations) = Setup(name);
        float[] a = activations[Layer];
        var ends = IntegratedGradients.Evaluate(model.Model, ids, answer, Layer, [a, new float[a.Length]]).Probabilities;

        // When: 200 path points, 50 per pass
        float[] scores = IntegratedGradients.Attribute(model.Model, ids, answer, Layer, a, steps: 200, batchSize: 50);

        // Then: completeness, Σᵢ IGᵢ ≈ p(a) − p(0), up to the O(1/m) error of the end-inclusive Riemann sum
        double change = ends[0] - ends[1], sum = scores.Sum(s => (double)s);
        Assert.True(Math.Abs(sum - change) <= 0.02 * Math.Abs(change), $"Σ IG = {sum}, p(a) − p(0) = {change}");
    }

    [Fact]
    public void Attribute_DoesNotDependOnTheBatchSize()
    {
        var (model, ids, answer, activations) = Setup(TraceModels.Gpt2);

        float[] whole = IntegratedGradients.Attribute(model.Model, ids, answer, Layer, activations[Layer], steps: 6, batchSize: 6);
        float[] split = IntegratedGradients.Attribute(model.Model, ids, answer, Layer, activations[Layer], steps: 6, batchSize: 2);

        float largest = whole.Max(Math.Abs);
        Assert.All(Enumerable.Range(0, whole.Length), i => Assert.True(Math.Abs(whole[i] - split[i]) <= 1e-4 * largest, $"neuron {i}: {whole[i]} vs {split[i]}"));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Attribute_FromTheBlockInput_IsTheFullPassResult(string name)
    {
        var (model, ids, answer, activations) = Setup(name);
        var inputs = IntegratedGradients.CleanPass(model.Model, ids).BlockInputs;

        Assert.Equal(model.Model.Architecture.NumLayers, inputs.Count);
        for (int layer = 0; layer < inputs.Count; layer++)
        {
            float[] full = IntegratedGradients.Attribute(model.Model, ids, answer, layer, activations[layer], steps: 4, batchSize: 4);
            float[] resumed = IntegratedGradients.Attribute(model.Model, ids, answer, layer, activations[layer], steps: 4, batchSize: 4, inputs[layer]);
            // Equal to float32 rounding: the block input comes from a one-row pass, whose products may be summed in
            // another blocking than the batch's.
            float largest = full.Max(Math.Abs);
            Assert.All(Enumerable.Range(0, full.Length), i => Assert.True(Math.Abs(full[i] - resumed[i]) <= 1e-5 * largest, $"layer {layer}, neuron {i}: {full[i]} vs {resumed[i]}"));
        }
    }

    [Fact]
    public void Evaluate_BadArguments_NameWhatIsWrong()
    {
        var (model, ids, answer, activations) = Setup(TraceModels.Gpt2);

        Assert.Contains("outside the vocabulary", Assert.Throws<ArgumentException>(() => IntegratedGradients.Evaluate(model.Model, ids, -1, Layer, [activations[Layer]])).Message, StringComparison.Ordinal);
        Assert.Contains("at least one activation", Assert.Throws<ArgumentException>(() => IntegratedGradients.Evaluate(model.Model, ids, answer, Layer, [])).Message, StringComparison.Ordinal);
        Assert.Contains("has 3 neurons", Assert.Throws<ArgumentException>(() => IntegratedGradients.Evaluate(model.Model, ids, answer, Layer, [activations[Layer], new float[3]])).Message, StringComparison.Ordinal);
        Assert.Contains("no tokens", Assert.Throws<ArgumentException>(() => IntegratedGradients.Activations(model.Model, [])).Message, StringComparison.Ordinal);
    }

    // The model, its prompt's ids, the model's own (argmax) answer there, and the clean activations of every layer.
    private static (EditableModel Model, int[] Ids, int Answer, float[][] Activations) Setup(string name)
    {
        var (model, prompt, _) = TraceModels.Load(name);
        int[] ids = model.EncodePrompt(prompt);
        int answer;
        using (GradMode.Disable())
        {
            answer = model.Model.Logits(TokenBatch.Single(ids)).Narrow(1, ids.Length - 1, 1).ArgMax();
        }

        return (model, ids, answer, IntegratedGradients.Activations(model.Model, ids));
    }

    private static float[] Shifted(float[] point, int i, float h)
    {
        float[] copy = (float[])point.Clone();
        copy[i] += h;
        return copy;
    }
}
