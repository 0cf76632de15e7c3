using Amend.Editing.Statistics;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Tests.Statistics;

[Collection(Amend.Editing.Tests.LargeMemoryCollection.Name)]
public sealed class StatisticsCacheFileTests
{
    [Fact]
    public void WriteThenRead_ALayerOf16384Keys_RoundTripsPast2GiB()
    {
        // Given the sums of one 16384-wide layer (GPT-J's MLP keys): 2 GiB of float64, more than one span of bytes
        const int d = 16384;
        using var folder = new TemporaryFolder();
        string path = Path.Combine(folder.Path, "layer.stats");
        var sums = KeyMomentSums.Empty([7], [d]);
        long last = ((long)d * d) - 1;
        var marks = new Dictionary<long, double> { [0] = 1.5, [(1L << 27) - 1] = 2.5, [1L << 27] = 3.5, [last - d] = 4.5, [last] = 5.5 };
        foreach (var (index, value) in marks) sums.Sums[0].Data[index] = value;
        sums.Count = 12;
        var header = new StatisticsCacheHeader("key", [7], [d], 12, 3, 2, true);

        // When they are written and read back
        StatisticsCacheFile.Write(path, header, sums);
        sums = null!;
        var (readHeader, read) = StatisticsCacheFile.Read(path);

        // Then the file holds every value, and each lands where it was
        Assert.True(new FileInfo(path).Length > 8L * d * d);
        Assert.Equal([d], readHeader.Widths);
        Assert.Equal(12, read.Count);
        foreach (var (index, value) in marks) Assert.Equal(value, read.Sums[0].Data[index]);
        Assert.Equal(0.0, read.Sums[0].Data[last - 1]);
    }

    [Fact]
    public void Read_HeaderWithANegativeWidth_NamesTheFile()
    {
        // Given a header whose width is negative, with a file length that matches its square
        using var folder = new TemporaryFolder();
        string path = Path.Combine(folder.Path, "bad.stats");
        var sums = new KeyMomentSums([0], [new Matrix64(4, 4)]);
        StatisticsCacheFile.Write(path, new StatisticsCacheHeader("key", [0], [-4], 1, 1, 1, true), sums);

        // When it is read, Then the error names the file and the widths instead of failing inside a matrix
        var error = Assert.Throws<InvalidDataException>(() => StatisticsCacheFile.Read(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("-4", error.Message, StringComparison.Ordinal);
    }
}
