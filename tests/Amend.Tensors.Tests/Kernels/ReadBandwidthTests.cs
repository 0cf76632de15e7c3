using Amend.Tensors.Kernels;

namespace Amend.Tensors.Tests.Kernels;

public sealed class ReadBandwidthTests
{
    [Fact]
    public void Measure_ReturnsAPositiveFiniteRate()
    {
        double gbps = ReadBandwidth.Measure(2, 1 << 20, TimeSpan.FromMilliseconds(10));

        Assert.True(double.IsFinite(gbps) && gbps > 0, $"bandwidth was {gbps}");
    }

    [Fact]
    public void Measure_Throws_WhenThreadsIsNotPositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadBandwidth.Measure(0, 1 << 20, TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void Measure_Throws_NamingTheSize_WhenAThreadWouldGetLessThan64Floats()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ReadBandwidth.Measure(2, 400, TimeSpan.FromMilliseconds(1)));

        Assert.Equal("bytes", error.ParamName);
        Assert.Contains("400 bytes", error.Message);
    }
}
