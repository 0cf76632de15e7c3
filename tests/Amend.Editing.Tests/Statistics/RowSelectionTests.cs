using Amend.Editing.Statistics;

namespace Amend.Editing.Tests.Statistics;

public sealed class RowSelectionTests
{
    [Fact]
    public void EasyEditSample_ReproducesPythonShuffle_OfTheGoldenRun()
    {
        // Given the 1000 row indices EasyEdit's FixedRandomSubsetSampler chose from 2891 rows
        int[] expected = StatisticsFixtures.SampledRows();

        // When the selection is computed here
        var indices = RowSelection.EasyEditSample(1000).Indices(2891);

        // Then it is the same list in the same order
        Assert.Equal(expected, indices);
    }

    [Fact]
    public void EasyEditSample_SmallCases_MatchPython()
    {
        // random.Random(1).shuffle(list(range(10))) in CPython 3.11
        Assert.Equal([6, 8, 9, 7, 5, 3, 0, 4, 1, 2], RowSelection.EasyEditSample(10).Indices(10));

        // More samples than rows selects every row, as EasyEdit does
        Assert.Equal(10, RowSelection.EasyEditSample(50).Indices(10).Count);
    }

    [Fact]
    public void Explicit_OutOfRangeIndex_NamesTheRowCount()
    {
        var selection = RowSelection.Explicit([3, 1, 12]);

        var error = Assert.Throws<ArgumentException>(() => selection.Indices(10));

        Assert.Contains("12", error.Message, StringComparison.Ordinal);
        Assert.Contains("10 rows", error.Message, StringComparison.Ordinal);
    }
}
