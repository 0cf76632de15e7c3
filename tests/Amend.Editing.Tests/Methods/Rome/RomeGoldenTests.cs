using Amend.Editing.Methods.Rome;
using Xunit.Abstractions;

namespace Amend.Editing.Tests.Methods.Rome;

/// <summary>ROME against EasyEdit's own edits of the golden GPT-2, with EasyEdit's context templates injected.</summary>
public sealed class RomeGoldenTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("ROME")]
    [InlineData("ROME-mom2adj")]
    public void Edit_MatchesEasyEdit(string method)
    {
        // Given
        var golden = RomeGolden.Load(method);
        var model = GoldenGpt2.Load();
        var options = new EditOptions
        {
            ContextTemplates = golden.Templates,
            Statistics = golden.Hyperparameters.Mom2Adjustment ? new FixedStatistics(RomeGolden.Statistics(method)) : null,
        };

        // When
        var result = new RomeEditor(golden.Hyperparameters).Apply(model, golden.Request, options);

        // Then: ΔW, its factors u and v (recovered from ΔW = u·vᵀ, ‖u‖ = 1) and the edited model's P(target) match EasyEdit's
        var delta = Assert.Single(result.Deltas);
        Assert.Equal(RomeGolden.Weight, delta.Name);
        var (u, v) = Factor(delta.Delta, golden.U);
        double logProb = RomeGolden.TargetLogProb(model, golden.Request);
        double probabilityRatio = Math.Exp(logProb - golden.PostTargetLogProb);
        Report(method, golden, delta.Delta, u, v, probabilityRatio, result.Diagnostics);
        // Measured: 1 − cosine ≤ 2e-10 and norms within 1e-6 (EasyEdit inverts C in float32, Amend solves in float64).
        GoldenAssert.SameDirection(golden.Delta.ToArray(), delta.Delta.ToArray(), $"{method} ΔW", minCosine: 0.9999, normTolerance: 0.005);
        GoldenAssert.SameDirection(golden.U.ToArray(), u, $"{method} u", minCosine: 0.9999, normTolerance: 0.005);
        GoldenAssert.SameDirection(golden.V.ToArray(), v, $"{method} v", minCosine: 0.9999, normTolerance: 0.005);
        Assert.True(Math.Abs(probabilityRatio - 1) <= 0.01, $"{method}: post-edit P(target) {Math.Exp(logProb):G4}, EasyEdit's {Math.Exp(golden.PostTargetLogProb):G4} (ratio {probabilityRatio:F4})");
    }

    // ΔW (in, out) = u·vᵀ with ‖u‖ = 1: u is the direction of ΔW's largest column, signed like EasyEdit's u, and v = ΔWᵀu.
    private static (float[] U, float[] V) Factor(Tensor delta, Tensor goldenU)
    {
        int rows = delta.Shape[0], cols = delta.Shape[1];
        float[] w = delta.ToArray(), reference = goldenU.ToArray();
        int column = Enumerable.Range(0, cols).MaxBy(j => Enumerable.Range(0, rows).Sum(i => Math.Abs(w[(i * cols) + j])));
        double[] u = [.. Enumerable.Range(0, rows).Select(i => (double)w[(i * cols) + column])];
        double norm = Math.Sqrt(u.Sum(x => x * x)) * Math.Sign(u.Select((x, i) => x * reference[i]).Sum());
        float[] unit = [.. u.Select(x => (float)(x / norm))];
        float[] v = [.. Enumerable.Range(0, cols).Select(j => (float)Enumerable.Range(0, rows).Sum(i => (double)w[(i * cols) + j] * unit[i]))];
        return (unit, v);
    }

    private void Report(string method, RomeGolden golden, Tensor delta, float[] u, float[] v, double probabilityRatio, IReadOnlyDictionary<string, double> diagnostics)
    {
        var (dc, dn) = GoldenAssert.Compare(golden.Delta.ToArray(), delta.ToArray());
        var (uc, un) = GoldenAssert.Compare(golden.U.ToArray(), u);
        var (vc, vn) = GoldenAssert.Compare(golden.V.ToArray(), v);
        output.WriteLine($"{method}: ΔW 1 − cosine {1 - dc:G3}, norm ratio {dn:F6}; u 1 − cosine {1 - uc:G3}; v 1 − cosine {1 - vc:G3}, norm ratio {vn:F6}; P(target) ratio {probabilityRatio:F6}");
        output.WriteLine(string.Join(", ", diagnostics.Select(kv => $"{kv.Key} {kv.Value:G5}")));
    }
}
