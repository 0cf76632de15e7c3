using Amend.World.Training;

namespace Amend.World.Tests.Training;

public sealed class LearningRateScheduleTests
{
    private static readonly TrainingOptions s_options = new() { Steps = 111, WarmupSteps = 10, LearningRate = 1e-3, MinLearningRate = 1e-4 };

    [Theory]
    [InlineData(0, 1e-4)]       // warm-up: η·(s+1)/W = 1e-3·1/10
    [InlineData(4, 5e-4)]
    [InlineData(9, 1e-3)]       // end of warm-up: the peak
    [InlineData(10, 1e-3)]      // cosine at p = 0
    [InlineData(60, 5.5e-4)]    // p = ½: η_min + ½(η − η_min)
    [InlineData(110, 1e-4)]     // last step: the floor
    public void Schedule_WarmsUpLinearly_ThenDecaysByCosine(int step, double expected)
    {
        Assert.Equal(expected, LearningRateSchedule.At(step, s_options), 12);
    }

    [Fact]
    public void StepOutsideTheRun_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.At(111, s_options));
    }
}
