namespace Amend.Tensors.Tests;

public sealed class SameBitsTests
{
    private static readonly Shape Pair = new(2);

    [Fact]
    public void EqualValues_OfTheSameDtypeAndShape_HaveTheSameBits_ThroughAView()
    {
        var a = Tensor.Wrap([1f, float.NaN, 3f, 4f], new Shape(2, 2));
        var transposedTwice = Tensor.Wrap([1f, float.NaN, 3f, 4f], new Shape(2, 2)).Transpose(0, 1).Transpose(0, 1);

        Assert.True(a.HasSameBits(transposedTwice));
    }

    [Fact]
    public void SignedZeros_DifferInBits_ThoughTheyCompareEqual()
    {
        var plus = Tensor.Wrap([0f, 1f], Pair);
        var minus = Tensor.Wrap([-0f, 1f], Pair);

        Assert.Equal(plus.ToArray(), minus.ToArray());
        Assert.False(plus.HasSameBits(minus));
    }

    [Fact]
    public void AnotherDtypeOrShape_IsNotTheSame_EvenWithEqualValues()
    {
        var single = Tensor.Wrap([1f, 2f], Pair);

        Assert.False(single.HasSameBits(single.ToDType(DType.BFloat16)));
        Assert.False(single.HasSameBits(single.Reshape(1, 2)));
        Assert.True(single.ToDType(DType.BFloat16).HasSameBits(Tensor.Wrap([1f, 2f], Pair).ToDType(DType.BFloat16)));
    }
}
