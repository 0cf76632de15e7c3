namespace Amend.Tensors.Tests.Kernels;

public sealed class DropoutKernelTests
{
    [Fact]
    public void Dropout_WhenNotTraining_ReturnsTheInputItself()
    {
        var x = Tensor.Ones(4, 4);

        Assert.Same(x, x.Dropout(0.5f, training: false, random: null));
        Assert.Same(x, x.Dropout(0f, training: true, new Random(1)));
    }

    [Fact]
    public void Dropout_ZeroesAboutAFractionP_AndScalesTheRestByOneOverOneMinusP()
    {
        var y = Tensor.Ones(100, 100).Dropout(0.25f, training: true, new Random(7)).ToArray();

        int dropped = y.Count(v => v == 0);
        Assert.InRange(dropped, 2300, 2700); // 2500 expected, standard deviation about 43
        Assert.All(y.Where(v => v != 0), v => Assert.Equal(1 / 0.75f, v));
    }

    [Fact]
    public void Dropout_WithTheSameSeed_DrawsTheSameMask()
    {
        var x = Tensor.Randn(new Shape(50), new Random(1));

        Assert.Equal(x.Dropout(0.5f, true, new Random(3)).ToArray(), x.Dropout(0.5f, true, new Random(3)).ToArray());
        Assert.NotEqual(x.Dropout(0.5f, true, new Random(3)).ToArray(), x.Dropout(0.5f, true, new Random(4)).ToArray());
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void Dropout_Throws_OnProbabilityOutsideUnitInterval(float p)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Ones(2).Dropout(p, true, new Random(1)));

        Assert.Contains("Dropout", error.Message);
    }
}
