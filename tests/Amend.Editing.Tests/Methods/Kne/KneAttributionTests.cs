using Amend.Editing.Methods.Kne;

namespace Amend.Editing.Tests.Methods.Kne;

public sealed class KneAttributionTests
{
    [Fact]
    public void Scores_AllLayersTogether_SumToTheProbabilityGainFromZeroWeightsAsStepsGrow()
    {
        // Given: completeness of integrated gradients, Σ scores → P(W) − P(0) as m → ∞
        var model = GoldenGpt2.Load();
        var attribution = new KneAttribution(model, KneSettings.Golden());
        double gain = attribution.Probability([KneSettings.Request]) - attribution.Probability([KneSettings.Request], scale: 0);

        // When
        double[] errors = [.. new[] { 2, 8, 32 }.Select(m => Math.Abs(Total(new KneAttribution(model, KneSettings.Golden(m)).Scores([KneSettings.Request])) - gain))];

        // Then: the right Riemann sum converges at first order (error ∝ 1/m: 56%, 7.3%, 1.6% of the gain here)
        Assert.True(gain != 0, "the target probability does not depend on the projections");
        Assert.True(errors[0] > 2.5 * errors[1] && errors[1] > 2.5 * errors[2], $"errors {string.Join(", ", errors)} for m = 2, 8, 32 (gain {gain})");
        Assert.True(errors[2] < 0.03 * Math.Abs(gain), $"error {errors[2]} at m = 32, gain {gain}");
    }

    [Fact]
    public void Scores_OneLayerAtATime_EachLayerSumsToItsOwnGain()
    {
        // Given: per_layer moves only layer l from 0 to W, the others fixed, so each layer has its own gain
        var model = GoldenGpt2.Load();
        var settings = KneSettings.Golden() with { Layers = [0, 2], IgScaling = KneScaling.PerLayer };
        double full = new KneAttribution(model, settings).Probability([KneSettings.Request]);
        double[] gains = [.. settings.Layers!.Select(l => full - new KneAttribution(model, settings with { Layers = [l] }).Probability([KneSettings.Request], scale: 0))];

        // When
        var coarse = new KneAttribution(model, settings with { IgSteps = 16 }).Scores([KneSettings.Request]);
        var fine = new KneAttribution(model, settings with { IgSteps = 64 }).Scores([KneSettings.Request]);

        // Then: first-order convergence per layer; layer 0's path is not monotone (P rises then falls), so its
        // error at m = 64 is still about 7% of its gain, layer 2's about 1%
        Assert.Equal([0, 2], fine.Select(s => s.Layer));
        for (int i = 0; i < 2; i++)
        {
            double errorCoarse = Math.Abs(Total([coarse[i]]) - gains[i]), errorFine = Math.Abs(Total([fine[i]]) - gains[i]);
            Assert.True(errorFine < errorCoarse / 2.5 && errorFine < 0.1 * Math.Abs(gains[i]), $"layer {fine[i].Layer}: gain {gains[i]}, errors {errorCoarse} (m = 16), {errorFine} (m = 64)");
        }
    }

    [Fact]
    public void Gradient_MatchesFiniteDifferencesOfTheProbability()
    {
        // Given: ∂P/∂W at a few elements of layer 1's c_proj (128 × 32)
        var model = GoldenGpt2.Load();
        var settings = KneSettings.Golden() with { Layers = [1] };
        var (_, gradients) = new KneAttribution(model, settings).Gradient([KneSettings.Request]);
        var weight = model.Model.Parameter("transformer.h.1.mlp.c_proj.weight");
        var original = weight.Value;

        foreach (int index in new[] { 0, 517, 4095 })
        {
            // When: central difference with h = 1e-2 (float32 forward; P is smooth in one weight)
            double Shifted(float h)
            {
                float[] values = original.ToArray();
                values[index] += h;
                weight.Value = Tensor.Wrap(values, original.Shape);
                try
                {
                    return new KneAttribution(model, settings).Probability([KneSettings.Request]);
                }
                finally
                {
                    weight.Value = original;
                }
            }

            double numeric = (Shifted(1e-2f) - Shifted(-1e-2f)) / 2e-2;

            // Then (P is about 2e-5 here, so its gradients are small: the check is relative, and the difference must
            // stand well above float32 rounding of P, about 1e-12 / 2e-2, for it to test anything)
            Assert.True(Math.Abs(numeric) > 1e-8, $"index {index}: numeric gradient {numeric} is too small to check");
            Assert.True(Math.Abs(numeric - gradients[0][index]) < 1e-2 * Math.Abs(numeric), $"index {index}: autograd {gradients[0][index]}, numeric {numeric}");
        }
    }

    [Fact]
    public void Scores_LeaveTheModelsWeightsInPlace()
    {
        // Given
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);

        // When
        new KneAttribution(model, KneSettings.Golden() with { IgScaling = KneScaling.PerLayer }).Scores(KneSettings.Requests);

        // Then
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    private static double Total(IEnumerable<LayerScores> scores) => scores.Sum(s => s.Values.Sum(v => (double)v));
}
