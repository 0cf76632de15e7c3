using Amend.Editing.Methods.Kne;

namespace Amend.Editing.Tests.Methods.Kne;

public sealed class EnsembleThresholdTests
{
    [Theory]
    [InlineData(0.4, 4f)] // k = ⌈0.4·5⌉ = 2: the 2nd largest
    [InlineData(0.2, 5f)] // k = 1
    [InlineData(0.01, 5f)] // k = max(1, ⌈0.05⌉) = 1
    [InlineData(1.0, -2f)] // k = 5: the smallest
    [InlineData(0.61, -0.5f)] // k = ⌈3.05⌉ = 4
    public void Find_HandCases_GiveTheKthLargestAcrossArrays(double p, float expected)
    {
        // Given: five scores in two arrays, negatives included
        float[][] scores = [[4f, -2f], [5f, -0.5f, 3f]];

        // When
        float threshold = EnsembleThreshold.Find(scores, p);

        // Then
        Assert.Equal(expected, threshold);
    }

    [Fact]
    public void Find_RandomScoresWithTies_EqualsTheFullSort()
    {
        // Given: a reference by sorting, on values with repeats, zeros of both signs, tiny and huge magnitudes
        var random = new Random(7);
        float[][] scores = [.. Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, 5000).Select(_ => Draw(random)).ToArray())];
        float[] sorted = [.. scores.SelectMany(s => s).Order()];

        foreach (double p in new[] { 1e-4, 0.01, 0.3, 0.5, 0.999, 1.0 })
        {
            // When
            float threshold = EnsembleThreshold.Find(scores, p);

            // Then
            long k = Math.Max(1, (long)Math.Ceiling(p * sorted.Length));
            Assert.Equal(sorted[sorted.Length - k], threshold);
        }
    }

    [Fact]
    public void Find_NaNOrBadFraction_FailsClearly()
    {
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => EnsembleThreshold.Find([[1f, float.NaN]], 0.5)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => EnsembleThreshold.Find([[1f]], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => EnsembleThreshold.Find([[1f]], 1.5));
        Assert.Throws<ArgumentException>(() => EnsembleThreshold.Find([[]], 0.5));
    }

    [Fact]
    public void Select_KeepsEveryScoreAtOrAboveTheGlobalThreshold_SoLayersGetDifferentCounts()
    {
        // Given: the top 3 of 8 scores (threshold 6), with a tie at the threshold in layer 2
        LayerScores[] scores =
        [
            new(0, "a.weight", new Shape(2, 2), [9f, 1f, 8f, 0f]),
            new(2, "b.weight", new Shape(4), [6f, -1f, 6f, 2f]),
        ];

        // When
        var ensemble = KnowledgeEnsemble.Select(scores, 0.375);

        // Then: both ties kept, so 4 ≥ k = 3
        Assert.Equal(6f, ensemble.Threshold);
        Assert.Equal([0, 2], ensemble.Layers[0].Positions);
        Assert.Equal([0, 2], ensemble.Layers[1].Positions);
        Assert.Equal(4, ensemble.Count);
        Assert.Equal(8, ensemble.Attributed);
    }

    private static float Draw(Random random) => random.Next(6) switch
    {
        0 => 0f,
        1 => -0f,
        2 => random.Next(5),
        3 => (float)(random.NextDouble() * 1e-30),
        4 => (float)(random.NextDouble() * -1e30),
        _ => (float)(random.NextDouble() - 0.5),
    };
}
