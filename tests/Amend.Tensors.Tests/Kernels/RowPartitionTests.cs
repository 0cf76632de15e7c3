using Amend.Tensors.Kernels;

namespace Amend.Tensors.Tests.Kernels;

public sealed class RowPartitionTests
{
    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 1_000_000)]
    [InlineData(7, 1)]
    [InlineData(1000, 4096)]
    [InlineData(100_000, 1 << 20)]
    public void Chunks_CoverEveryRowOnce_InOrder(int rows, long workPerRow)
    {
        var partition = RowPartition.Of(rows, workPerRow);

        Assert.InRange(partition.Chunks, 1, 64);
        Assert.Equal(0, partition.Start(0));
        Assert.Equal(rows, partition.End(partition.Chunks - 1));
        for (int chunk = 1; chunk < partition.Chunks; chunk++) Assert.Equal(partition.End(chunk - 1), partition.Start(chunk));
    }

    [Fact]
    public void SmallWork_RunsAsOneChunk_LargeWorkAsSeveral()
    {
        Assert.Equal(1, RowPartition.Of(16, 1024).Chunks);
        Assert.Equal(64, RowPartition.Of(4096, 4096).Chunks);
    }

    [Fact]
    public void RunAccumulating_AddsEveryChunksPartialSums()
    {
        // Σ over rows 0..999 of (row, 1) = (499500, 1000)
        var totals = RowPartition.Of(1000, 1 << 12).RunAccumulating(1, 2, (start, end, sums) =>
        {
            for (int row = start; row < end; row++) (sums[0][0], sums[0][1]) = (sums[0][0] + row, sums[0][1] + 1);
        });

        Assert.Equal([499500f, 1000f], totals[0]);
    }
}
