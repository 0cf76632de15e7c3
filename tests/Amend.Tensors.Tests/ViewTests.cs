namespace Amend.Tensors.Tests;

public sealed class ViewTests
{
    private static Tensor Sequence(params int[] shape)
    {
        var s = new Shape(shape);
        return Tensor.Wrap(Enumerable.Range(0, s.ElementCount).Select(i => (float)i).ToArray(), s);
    }

    [Fact]
    public void Transpose_ReadsElementsAtSwappedIndices()
    {
        // Given a 2x3 tensor 0..5
        var x = Sequence(2, 3);

        // When
        var t = x.Transpose(0, 1);

        // Then
        Assert.Equal(new Shape(3, 2), t.Shape);
        Assert.False(t.IsContiguous);
        Assert.Equal([0, 3, 1, 4, 2, 5], t.ToArray());
    }

    [Fact]
    public void Reshape_OfTransposedView_CopiesInLogicalOrder()
    {
        var t = Sequence(2, 3).Transpose(0, 1);

        var r = t.Reshape(-1);

        Assert.Equal([0, 3, 1, 4, 2, 5], r.ToArray());
    }

    [Fact]
    public void Narrow_SelectsRangeAlongAxis()
    {
        var x = Sequence(3, 4);

        var n = x.Narrow(1, 1, 2);

        Assert.Equal([1, 2, 5, 6, 9, 10], n.ToArray());
    }

    [Fact]
    public void Narrow_Throws_WhenRangeLeavesAxis()
    {
        var error = Assert.Throws<TensorShapeException>(() => Sequence(3, 4).Narrow(1, 3, 2));
        Assert.Contains("(3, 4)", error.Message);
    }

    [Fact]
    public void Narrow_Throws_WhenStartPlusLengthPassesTheLargestInt()
    {
        var error = Assert.Throws<TensorShapeException>(() => Tensor.Arange(3).Narrow(0, int.MaxValue, 2));

        Assert.Contains("[2147483647, 2147483649)", error.Message);
        Assert.Throws<TensorShapeException>(() => Tensor.Arange(3).Narrow(0, 100, int.MaxValue - 56));
    }

    [Theory]
    [InlineData("Permute")]
    [InlineData("Transpose")]
    [InlineData("Narrow")]
    [InlineData("Squeeze")]
    public void AxisOutOfRange_Throws_NamingTheOp(string op)
    {
        var x = Sequence(2, 3);
        Action call = op switch
        {
            "Permute" => () => x.Permute(0, 5),
            "Transpose" => () => x.Transpose(0, 2),
            "Narrow" => () => x.Narrow(2, 0, 1),
            _ => () => x.Squeeze(-3),
        };

        var error = Assert.Throws<TensorShapeException>(call);

        Assert.StartsWith(op + ":", error.Message);
        Assert.Contains("(2, 3)", error.Message);
    }

    [Fact]
    public void Expand_RepeatsWithoutCopying()
    {
        var x = Tensor.FromArray([1f, 2f, 3f], 3, 1);

        var e = x.Expand(new Shape(2, 3, 2));

        Assert.Equal([1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3], e.ToArray());
    }

    [Fact]
    public void SumToShape_SumsOverBroadcastAxes()
    {
        // Given a (2, 3) tensor viewed as the broadcast of a (1, 3) and of a (2, 1) operand
        var g = Sequence(2, 3);

        // Then reducing gives column sums and row sums
        Assert.Equal([3, 5, 7], g.SumToShape(new Shape(1, 3)).ToArray());
        Assert.Equal([3, 12], g.SumToShape(new Shape(2, 1)).ToArray());
        Assert.Equal([3, 5, 7], g.SumToShape(new Shape(3)).ToArray());
        Assert.Equal([15], g.SumToShape(Shape.Scalar).ToArray());
    }

    [Fact]
    public void ToDType_RoundTripsHalfTypesWithinTheirPrecision()
    {
        var x = Tensor.FromArray([1f, -2.5f, 3.14159f, 1e-3f], 4);

        var bf = x.ToDType(DType.BFloat16);
        var f16 = x.ToDType(DType.Float16);

        Assert.Equal(DType.BFloat16, bf.DType);
        TensorAssert.Close(x.ToArray(), bf.ToArray(), rtol: 1.0 / 128);
        TensorAssert.Close(x.ToArray(), f16.ToArray(), rtol: 1.0 / 1024);
    }
}
