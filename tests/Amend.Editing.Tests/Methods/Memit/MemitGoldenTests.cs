using Amend.Editing.Methods.Memit;
using Amend.Editing.Shared;
using Amend.Editing.Tests.Methods.Rome;
using Amend.Tensors.Linalg;
using Xunit.Abstractions;

namespace Amend.Editing.Tests.Methods.Memit;

/// <summary>MEMIT against EasyEdit's own edits of the golden GPT-2 (one request, and a batch of two), with its templates and statistics.</summary>
public sealed class MemitGoldenTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("MEMIT")]
    [InlineData("MEMIT-batch")]
    public void Edit_MatchesEasyEdit(string method)
    {
        // Given
        var golden = MemitGolden.Load(method);
        var model = GoldenGpt2.Load();

        // When
        var result = new MemitEditor(golden.Hyperparameters).ApplyBatch(model, golden.Requests, golden.Options);

        // Then: every layer's ΔW and every request's post-edit P(target) match EasyEdit's
        Assert.Equal(MemitGolden.Layers.Select(MemitGolden.Weight), result.Deltas.Select(d => d.Name));
        foreach (var (delta, layer) in result.Deltas.Zip(MemitGolden.Layers))
        {
            var (cosine, ratio) = GoldenAssert.Compare(golden.Deltas[layer].ToArray(), delta.Delta.ToArray());
            output.WriteLine($"{method} layer {layer}: ΔW cosine {cosine:F6}, norm ratio {ratio:F5}");
            GoldenAssert.SameDirection(golden.Deltas[layer].ToArray(), delta.Delta.ToArray(), $"{method} ΔW layer {layer}");
        }

        for (int j = 0; j < golden.Requests.Count; j++)
        {
            double ratio = Math.Exp(RomeGolden.TargetLogProb(model, golden.Requests[j]) - golden.PostTargetLogProbs[j]);
            output.WriteLine($"{method} request {j}: post-edit P(target) ratio to EasyEdit's {ratio:F6}");
            Assert.True(Math.Abs(ratio - 1) <= 0.05, $"{method} request {j}: post-edit P(target) ratio to EasyEdit's {ratio:F4}");
        }

        output.WriteLine(string.Join(", ", result.Diagnostics.Select(kv => $"{kv.Key} {kv.Value:G5}")));
    }

    [Theory]
    [InlineData("MEMIT")]
    [InlineData("MEMIT-batch")]
    public void Steps_MatchEasyEditIntermediates(string method)
    {
        // Given
        var golden = MemitGolden.Load(method);
        var model = GoldenGpt2.Load();
        var h = golden.Hyperparameters;
        var statistics = golden.Options.Statistics!;
        var steps = new List<LayerStep>();
        var adjusted = new List<Matrix64>();

        // When: z per request, then the layer loop with MEMIT's solve, recording what each layer saw
        var settings = new ValueOptimizerSettings(Models.Hooks.HookPoint.Block(1), 2, h.VNumGradSteps, h.VLr, h.VWeightDecay, h.ClampNormFactor, h.KlFactor);
        var (targets, _) = TargetValues.Compute(model, golden.Requests, golden.Templates, FactToken.SubjectLast, settings);
        LayerSpread.Run(model, "MEMIT", golden.Requests, MemitGolden.Layers, h.RewriteModuleTmp, golden.Templates, FactToken.SubjectLast, targets, Solve, new Dictionary<string, double>());

        // Then
        for (int j = 0; j < golden.Requests.Count; j++)
        {
            GoldenAssert.SameDirection(golden.Z[j].ToArray(), Column(targets, j), $"{method} z of request {j}", minCosine: 0.999, normTolerance: 0.01);
        }

        Assert.Equal(MemitGolden.Layers, steps.Select(s => s.Layer));
        foreach (var (step, adj) in steps.Zip(adjusted))
        {
            int l = step.Layer;
            Report(method, l, golden, step, adj);
            GoldenAssert.SameDirection(golden.Keys[l].ToArray(), Floats(step.Keys.Transpose()), $"{method} keys layer {l}", minCosine: 0.9999, normTolerance: 0.001);
            GoldenAssert.SameDirection(Floats(golden.Residuals[l]), Floats(step.Residuals), $"{method} resid layer {l}");
            GoldenAssert.SameDirection(Floats(golden.AdjustedKeys[l]), Floats(adj), $"{method} adj_k layer {l}");
        }

        Matrix64 Solve(LayerStep step)
        {
            var adj = LeastSquares.AdjustedKeys(statistics.Get(model, step.Layer, new(h.Mom2Dataset, h.Mom2NSamples)).SecondMoment, h.Mom2UpdateWeight, step.Keys);
            steps.Add(step);
            adjusted.Add(adj);
            return LeastSquares.Update(step.Residuals, adj);
        }
    }

    private void Report(string method, int layer, MemitGolden golden, LayerStep step, Matrix64 adj)
    {
        var (kc, kn) = GoldenAssert.Compare(golden.Keys[layer].ToArray(), Floats(step.Keys.Transpose()));
        var (rc, rn) = GoldenAssert.Compare(Floats(golden.Residuals[layer]), Floats(step.Residuals));
        var (ac, an) = GoldenAssert.Compare(Floats(golden.AdjustedKeys[layer]), Floats(adj));
        output.WriteLine($"{method} layer {layer}: keys cosine {kc:F7} ratio {kn:F6}; resid cosine {rc:F6} ratio {rn:F5}; adj_k cosine {ac:F6} ratio {an:F5}");
    }

    private static float[] Column(Matrix64 m, int j) => [.. Enumerable.Range(0, m.Rows).Select(i => (float)m[i, j])];

    private static float[] Floats(Matrix64 m) => [.. m.Data.Select(v => (float)v)];
}
