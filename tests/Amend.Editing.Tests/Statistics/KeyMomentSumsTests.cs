using Amend.Editing.Statistics;

namespace Amend.Editing.Tests.Statistics;

public sealed class KeyMomentSumsTests
{
    [Fact]
    public void TakeStatistics_MirrorsAndScalesTheSumInPlace()
    {
        // Given the upper triangle of Σ k kᵀ over 4 keys (the lower one is not maintained)
        var sums = KeyMomentSums.Empty([5], [2]);
        var sum = sums.Sums[0];
        (sum[0, 0], sum[0, 1], sum[1, 0], sum[1, 1]) = (8, 4, -99, 2);
        sums.Count = 4;

        // When it becomes the statistics
        var statistics = sums.TakeStatistics(0, "test");

        // Then the moment is the symmetric mean, held in the sum's own storage rather than a copy of it
        Assert.Equal([2.0, 1.0, 1.0, 0.5], statistics.SecondMoment.Data);
        Assert.Same(sum, statistics.SecondMoment);
        Assert.Equal((5, 4L), (statistics.Layer, statistics.Count));
    }
}
