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
    public void ReadBandwidth_Throws_NamingTheSize_WhenAThreadWouldGetLessThan64Floats()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ReadBandwidth.Measure(2, 400, TimeSpan.FromMilliseconds(1)));

        Assert.Equal("bytes", error.ParamName);
        Assert.Contains("400 bytes", error.Message);
    }

    private static double Measure(string probe, int threads, TimeSpan duration) => probe switch
    {
        "fma peak" => FmaPeak.Measure(threads, duration),
        "kernel ceiling" => KernelCeiling.Measure(threads, duration),
        "read bandwidth" => ReadBandwidth.Measure(threads, 1 << 20, duration),
        _ => throw new ArgumentException($"unknown probe {probe}", nameof(probe)),
    };
}
