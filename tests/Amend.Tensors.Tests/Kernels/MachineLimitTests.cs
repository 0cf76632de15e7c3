using Amend.Tensors.Kernels;

namespace Amend.Tensors.Tests.Kernels;

/// <summary>The probes behind <c>amend bench kernels</c>: FMA peak, micro-kernel ceiling, read bandwidth.</summary>
public sealed class MachineLimitTests
{
    public static TheoryData<string> Probes => ["fma peak", "kernel ceiling", "read bandwidth"];

    [Theory]
    [MemberData(nameof(Probes))]
    public void Measure_ReturnsAPositiveFiniteRate(string probe)
    {
        double rate = Measure(probe, threads: 2, TimeSpan.FromMilliseconds(10));

        Assert.True(double.IsFinite(rate) && rate > 0, $"{probe} was {rate}");
    }

    [Theory]
    [MemberData(nameof(Probes))]
    public void Measure_Throws_WhenThreadsIsNotPositive(string probe)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Measure(probe, threads: 0, TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void ReadBandwidth_Throws_NamingTheSize_WhenAThreadWouldGetLessThan128FloatsOfABuffer()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ReadBandwidth.Measure(2, 2000, TimeSpan.FromMilliseconds(1), buffers: 3));

        Assert.Equal("bytes", error.ParamName);
        Assert.Contains("2000 bytes in 3 buffers", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ReadBandwidth.Measure(2, 1 << 20, TimeSpan.FromMilliseconds(1), buffers: 0));
        Assert.Contains("more than one float array holds", Assert.Throws<ArgumentOutOfRangeException>(() => ReadBandwidth.Measure(1, 1L << 44, TimeSpan.FromMilliseconds(1))).Message);
    }

    [Fact]
    public void ReadBandwidth_ReadsSeveralBuffersInTurn()
    {
        Assert.True(ReadBandwidth.Measure(2, 3 << 20, TimeSpan.FromMilliseconds(5), buffers: 3) > 0);
    }

    private static double Measure(string probe, int threads, TimeSpan duration) => probe switch
    {
        "fma peak" => FmaPeak.Measure(threads, duration),
        "kernel ceiling" => KernelCeiling.Measure(threads, duration),
        "read bandwidth" => ReadBandwidth.Measure(threads, 1 << 20, duration),
        _ => throw new ArgumentException($"unknown probe {probe}", nameof(probe)),
    };
}
