namespace Amend.Tensors.Tests;

public sealed class RotaryFrequenciesTests
{
    [Fact]
    public void Create_GivesBaseToTheMinusTwoIOverR()
    {
        var frequencies = RotaryFrequencies.Create(64, theta: 500000);

        Assert.Equal(32, frequencies.InverseFrequencies.Count);
        for (int i = 0; i < 32; i++) Assert.Equal(Math.Pow(500000, -2.0 * i / 64), frequencies.InverseFrequencies[i], 1e-6 * Math.Pow(500000, -2.0 * i / 64));
    }

    [Fact]
    public void Llama3Scaling_KeepsHighFrequencies_DividesLowOnes_AndInterpolatesBetween()
    {
        // Given Llama 3.1's rope_scaling and head dim 128, theta 500000
        var scaling = new Llama3RopeScaling(Factor: 8, LowFreqFactor: 1, HighFreqFactor: 4, OriginalMaxPositionEmbeddings: 8192);

        // When
        var scaled = RotaryFrequencies.Create(128, 500000, scaling).InverseFrequencies;

        // Then: each θ follows _compute_llama3_parameters, recomputed here from the unscaled θ
        var regions = new HashSet<string>();
        for (int i = 0; i < 64; i++)
        {
            double theta = 1 / (double)(float)Math.Pow(500000, (float)(2 * i) / 128);
            double wavelength = 2 * Math.PI / theta;
            double expected;
            if (wavelength < 8192 / 4.0)
            {
                (expected, _) = (theta, regions.Add("high"));
            }
            else if (wavelength > 8192 / 1.0)
            {
                (expected, _) = (theta / 8, regions.Add("low"));
            }
            else
            {
                double smooth = ((8192 / wavelength) - 1) / (4 - 1);
                (expected, _) = (((1 - smooth) * theta / 8) + (smooth * theta), regions.Add("medium"));
            }

            Assert.Equal(expected, scaled[i], 2e-6 * expected);
        }

        Assert.Equal(3, regions.Count);
    }

    [Fact]
    public void Create_Throws_OnOddRotaryDim_AndOnInvalidScaling()
    {
        Assert.Throws<ArgumentException>(() => RotaryFrequencies.Create(7));
        var error = Assert.Throws<ArgumentException>(() => RotaryFrequencies.Create(8, 10000, new Llama3RopeScaling(8, 4, 4, 8192)));

        Assert.Contains("HighFreqFactor", error.Message);
    }

    [Fact]
    public void RotatingByTwoPositionsInTurn_EqualsRotatingByTheirSum()
    {
        var x = Tensor.Randn(new Shape(1, 1, 2, 16), new Random(5));
        var frequencies = RotaryFrequencies.Create(16);

        var twice = x.ApplyRotary(frequencies, RotaryLayout.HalfSplit, [3, 10]).ApplyRotary(frequencies, RotaryLayout.HalfSplit, [4, 20]);
        var once = x.ApplyRotary(frequencies, RotaryLayout.HalfSplit, [7, 30]);

        TensorAssert.Close(once, twice, rtol: 1e-5, atol: 1e-5);
    }
}
