namespace Amend.Tensors.Tests.Kernels;

public sealed class RotaryKernelTests
{
    [Theory]
    [InlineData(RotaryLayout.HalfSplit, 40)]
    [InlineData(RotaryLayout.HalfSplit, 8)]
    [InlineData(RotaryLayout.Interleaved, 8)]
    public void Rotary_MatchesPairRotationWrittenOut(RotaryLayout layout, int rotaryDim)
    {
        // Given (B, H, T, D) = (2, 3, 4, 40), per-token positions and a partial or full rotary dim
        var x = Tensor.Randn(new Shape(2, 3, 4, 40), new Random(1));
        int[] positions = [0, 1, 2, 3, 7, 8, 9, 250];
        var frequencies = RotaryFrequencies.Create(rotaryDim, theta: 10000);

        // When
        var y = x.ApplyRotary(frequencies, layout, positions);

        // Then
        TensorAssert.Close(Reference(x, frequencies, layout, positions), y.ToArray(), rtol: 1e-6, atol: 1e-6, "rotary");
    }

    [Fact]
    public void Rotary_WithPositionsSharedByTheBatch_EqualsPerTokenPositions()
    {
        var x = Tensor.Randn(new Shape(2, 2, 3, 16), new Random(2));
        var frequencies = RotaryFrequencies.Create(16);

        var shared = x.ApplyRotary(frequencies, RotaryLayout.HalfSplit, [4, 5, 6]);
        var perToken = x.ApplyRotary(frequencies, RotaryLayout.HalfSplit, [4, 5, 6, 4, 5, 6]);

        TensorAssert.Close(perToken, shared, rtol: 0, atol: 0);
    }

    [Fact]
    public void Rotary_ThenItsInverse_IsIdentity()
    {
        // The backward rotates by −p·θ, so it undoes the forward
        var x = Tensor.Randn(new Shape(1, 2, 5, 64), new Random(3));
        var frequencies = RotaryFrequencies.Create(48, theta: 500000);
        int[] positions = [3, 17, 100, 1000, 4095];

        var y = x.ApplyRotary(frequencies, RotaryLayout.HalfSplit, positions);
        var saved = new Amend.Tensors.Kernels.RotaryKernel.Saved(frequencies.TableThrough(4095), positions, 48, RotaryLayout.HalfSplit);
        var back = Tensor.RotaryBackward(saved, y);

        TensorAssert.Close(x, back, rtol: 1e-5, atol: 1e-5);
    }

    [Fact]
    public void InterleavedAndHalfSplitLayouts_AreTheSameRotationUpToAPermutation()
    {
        // Moving coordinate i to 2i and i + R/2 to 2i + 1 turns half-split pairs into interleaved pairs
        const int dim = 12, rotary = 8;
        var x = Tensor.Randn(new Shape(1, 1, 3, dim), new Random(4));
        var frequencies = RotaryFrequencies.Create(rotary);
        int[] positions = [2, 9, 31];
        int[] permutation = [0, 4, 1, 5, 2, 6, 3, 7, 8, 9, 10, 11]; // interleaved slot j holds half-split coordinate permutation[j]

        var half = x.ApplyRotary(frequencies, RotaryLayout.HalfSplit, positions).ToArray();
        var interleaved = Permute(x, permutation).ApplyRotary(frequencies, RotaryLayout.Interleaved, positions).ToArray();

        TensorAssert.Close(Permute(Tensor.FromArray(half, 1, 1, 3, dim), permutation).ToArray(), interleaved, rtol: 0, atol: 0, "layouts");
    }

    [Fact]
    public void Rotary_Throws_OnMisSizedPositions_NegativePositions_OrTooWideRotaryDim()
    {
        var x = Tensor.Zeros(2, 1, 3, 8);

        var count = Assert.Throws<TensorShapeException>(() => x.ApplyRotary(RotaryFrequencies.Create(8), RotaryLayout.HalfSplit, [0, 1]));
        var negative = Assert.Throws<TensorShapeException>(() => x.ApplyRotary(RotaryFrequencies.Create(8), RotaryLayout.HalfSplit, [0, -1, 2]));
        var wide = Assert.Throws<TensorShapeException>(() => x.ApplyRotary(RotaryFrequencies.Create(10), RotaryLayout.HalfSplit, [0, 1, 2]));

        Assert.Contains("expected 3 (shared by the batch) or 6", count.Message);
        Assert.Contains("-1", negative.Message);
        Assert.Contains("exceeds head_dim 8", wide.Message);
    }

    [Fact]
    public void Rotary_Throws_OnAPositionPastTheCache()
    {
        var frequencies = RotaryFrequencies.Create(128);
        var x = Tensor.Ones(1, 1, 1, 128);

        var huge = Assert.Throws<TensorShapeException>(() => x.ApplyRotary(frequencies, RotaryLayout.HalfSplit, [int.MaxValue]));
        var justPast = Assert.Throws<TensorShapeException>(() => x.ApplyRotary(frequencies, RotaryLayout.HalfSplit, [frequencies.MaxPosition + 1]));

        Assert.Equal(1_048_575, frequencies.MaxPosition);
        Assert.Contains("exceeds the largest supported, 1048575", huge.Message);
        Assert.Contains("1048576", justPast.Message);
    }

    private static Tensor Permute(Tensor x, int[] permutation)
    {
        var values = x.ToArray();
        int dim = permutation.Length;
        var result = new float[values.Length];
        for (int row = 0; row < values.Length / dim; row++)
        {
            for (int j = 0; j < dim; j++) result[(row * dim) + j] = values[(row * dim) + permutation[j]];
        }

        return Tensor.Wrap(result, x.Shape);
    }

    // Each pair (a, b) ↦ (a·cos − b·sin, b·cos + a·sin) at angle float(p)·θᵢ (transformers forms the angle in float32).
    private static float[] Reference(Tensor x, RotaryFrequencies frequencies, RotaryLayout layout, int[] positions)
    {
        var values = x.ToArray();
        int heads = x.Shape[1], tokens = x.Shape[2], dim = x.Shape[3], half = frequencies.RotaryDim / 2;
        for (int row = 0; row < values.Length / dim; row++)
        {
            int b = row / (heads * tokens), t = row % tokens;
            int position = positions.Length == tokens ? positions[t] : positions[(b * tokens) + t];
            var original = values.AsSpan(row * dim, dim).ToArray();
            for (int i = 0; i < half; i++)
            {
                double angle = position * frequencies.InverseFrequencies[i];
                angle = (float)angle;
                var (first, second) = layout == RotaryLayout.HalfSplit ? (i, i + half) : (2 * i, (2 * i) + 1);
                double a = original[first], bb = original[second];
                values[(row * dim) + first] = (float)((a * Math.Cos(angle)) - (bb * Math.Sin(angle)));
                values[(row * dim) + second] = (float)((bb * Math.Cos(angle)) + (a * Math.Sin(angle)));
            }
        }

        return values;
    }
}
