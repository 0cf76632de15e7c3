using Amend.Tensors.Kernels;

namespace Amend.Tensors.Tests.Kernels;

public sealed class KernelCeilingTests
{
    [Fact]
    public void Measure_ReturnsAPositiveFiniteRate()
    {
        double gflops = KernelCeiling.Measure(2, TimeSpan.FromMilliseconds(10));

        Assert.True(double.IsFinite(gflops) && gflops > 0, $"ceiling was {gflops}");
    }

    [Fact]
    public void Measure_Throws_WhenThreadsIsNotPositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KernelCeiling.Measure(0, TimeSpan.FromMilliseconds(1)));
    }
}
