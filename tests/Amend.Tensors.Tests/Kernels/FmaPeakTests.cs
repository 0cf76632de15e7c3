using Amend.Tensors.Kernels;

namespace Amend.Tensors.Tests.Kernels;

public sealed class FmaPeakTests
{
    [Fact]
    public void Measure_ReturnsAPositiveFiniteRate()
    {
        double gflops = FmaPeak.Measure(1, TimeSpan.FromMilliseconds(10));

        Assert.True(double.IsFinite(gflops) && gflops > 0, $"peak was {gflops}");
    }

    [Fact]
    public void Measure_Throws_WhenThreadsIsNotPositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FmaPeak.Measure(0, TimeSpan.FromMilliseconds(1)));
    }
}
