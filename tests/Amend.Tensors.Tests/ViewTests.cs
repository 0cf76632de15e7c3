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
    public void Reshape_OfStridedTensors_IsAViewWhereTheLayoutAllows()
    {
        var x = Sequence(4, 6);

        var split = x.Narrow(1, 0, 3).Reshape(2, 2, 3);               // rows 6 apart split in two: strides (12, 6, 1)
        var heads = x.Transpose(0, 1).Reshape(3, 2, 4);               // the transposed rows split in two, each still a column
        var unitAxes = x.Narrow(0, 1, 1).Reshape(1, 2, 1, 3);         // one row, as two halves
        var merged = x.Narrow(1, 0, 3).Reshape(12);                   // rows 6 apart, 3 long: no single stride, a copy

        Assert.Same(x.Storage, split.Storage);
        Assert.Same(x.Storage, heads.Storage);
        Assert.Same(x.Storage, unitAxes.Storage);
        Assert.NotSame(x.Storage, merged.Storage);
        Assert.Equal([0, 1, 2, 6, 7, 8, 12, 13, 14, 18, 19, 20], split.ToArray());
        Assert.Equal([0, 6, 12, 18, 1, 7, 13, 19, 2, 8, 14, 20, 3, 9, 15, 21, 4, 10, 16, 22, 5, 11, 17, 23], heads.ToArray());
        Assert.Equal([6, 7, 8, 9, 10, 11], unitAxes.ToArray());
        Assert.Equal(split.ToArray(), merged.ToArray());
    }

    [Fact]
    public void Reshape_OfRandomViews_HoldsTheElementsOfTheCopy_InTheSameOrder()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 300; trial++)
        {
            var view = RandomView(random);
            var shape = RandomShapeOf(view.ElementCount, random);

            var reshaped = view.Reshape(shape);

            Assert.Equal(shape, reshaped.Shape);
            Assert.Equal(view.ToArray(), reshaped.ToArray());
        }
    }

    [Fact]
    public void Reshape_OfAView_PassesGradientsBack_MatchingFiniteDifferences()
    {
        var random = new Random(12);
        GradientCheck.Assert(
            x => x[0].Transpose(0, 1).Narrow(1, 1, 4).Reshape(3, 2, 2).MatMul(x[1]),
            [Tensor.Randn(new Shape(6, 3), random), Tensor.Randn(new Shape(2, 3), random)]);
    }

    // A permuted, narrowed, unit-padded view of 2 to 4 axes, each of extent 1 to 4.
    private static Tensor RandomView(Random random)
    {
        int rank = random.Next(2, 5);
        var dims = Enumerable.Range(0, rank).Select(_ => random.Next(1, 5)).ToArray();
        var t = Sequence(dims).Permute([.. Enumerable.Range(0, rank).OrderBy(_ => random.Next())]);
        int axis = random.Next(rank), extent = t.Shape[axis], length = random.Next(1, extent + 1);
        t = t.Narrow(axis, random.Next(extent - length + 1), length);
        return random.Next(2) == 0 ? t : t.Unsqueeze(random.Next(t.Rank + 1));
    }

    // A random factorisation of count into 1 to 4 extents, with extents of 1 mixed in.
    private static Shape RandomShapeOf(int count, Random random)
    {
        var dims = new List<int>();
        int left = count;
        while (left > 1 && dims.Count < 3)
        {
            var divisors = Enumerable.Range(2, left - 1).Where(d => left % d == 0).ToArray();
            int d = divisors[random.Next(divisors.Length)];
            dims.Add(d);
            left /= d;
        }

        if (left > 1 || dims.Count == 0) dims.Add(left);
        if (random.Next(3) == 0) dims.Insert(random.Next(dims.Count + 1), 1);
        return new Shape([.. dims]);
    }

    [Fact]
    public void EmptyViews_AtTheEndOfTheirAxes_StayInsideStorage()
    {
        // Narrowing to nothing at an axis's end must not carry the offset past the last element.
        var corner = Tensor.Zeros(2, 3).Narrow(0, 2, 0).Narrow(1, 3, 0).Reshape(0);
        var ofEmpty = Tensor.Zeros(0, 3).Narrow(1, 2, 1);

        Assert.Empty(corner.ToArray());
        Assert.Equal(0f, corner.Sum().Item());
        Assert.Empty(corner.Unsqueeze(0).Exp().ToArray());
        Assert.Empty(ofEmpty.ToArray());
        Assert.Equal(new Shape(0, 1), Tensor.Cat(0, ofEmpty, ofEmpty).Shape);
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
