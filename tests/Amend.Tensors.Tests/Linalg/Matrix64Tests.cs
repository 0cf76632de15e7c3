using Amend.Tensors.Linalg;

namespace Amend.Tensors.Tests.Linalg;

public sealed class Matrix64Tests
{
    [Fact]
    public void FromTensor_ReadsViewsAndHalfPrecision_AndToTensorRoundTrips()
    {
        // Given a transposed float32 view and a Float16 copy of [[1, 2, 3], [4, 5, 6]]
        var tensor = Tensor.FromArray([1f, 2, 3, 4, 5, 6], 2, 3);

        var transposed = Matrix64.FromTensor(tensor.TransposeLast());
        var half = Matrix64.FromTensor(tensor.ToDType(DType.Float16));

        Assert.Equal((3, 2), (transposed.Rows, transposed.Cols));
        Assert.Equal([1, 4, 2, 5, 3, 6], transposed.Data);
        Assert.Equal([1, 2, 3, 4, 5, 6], half.Data);
        TensorAssert.Close(tensor, half.ToTensor(), rtol: 0, atol: 0);
    }

    [Fact]
    public void FromTensor_Throws_OnNonMatrix()
    {
        var error = Assert.Throws<TensorShapeException>(() => Matrix64.FromTensor(Tensor.Zeros(2, 3, 4)));

        Assert.Contains("(2, 3, 4)", error.Message);
    }

    [Fact]
    public void Multiply_WithTransposeFlags_MatchesHandProduct()
    {
        // K = [[1, 2], [3, 4], [5, 6]]: K·Kᵀ row 0 = (5, 11, 17); Kᵀ·K = [[35, 44], [44, 56]]
        var k = new Matrix64(3, 2, [1, 2, 3, 4, 5, 6]);

        var outer = Matrix64.Multiply(k, false, k, true);
        var inner = Matrix64.Multiply(k, true, k, false);

        Assert.Equal([5, 11, 17], outer.Row(0).ToArray());
        Assert.Equal([35, 44, 44, 56], inner.Data);
        Assert.Equal([5, 11, 17], k.Multiply([1.0, 2.0]));
    }

    [Fact]
    public void Multiply_Throws_NamingShapes_WhenInnerExtentsDiffer()
    {
        var error = Assert.Throws<TensorShapeException>(() => new Matrix64(2, 3).Multiply(new Matrix64(2, 3)));

        Assert.StartsWith("Matrix64.Multiply:", error.Message);
        Assert.Contains("(2×3) · (2×3)", error.Message);
    }

    [Fact]
    public void AddAndAddToDiagonal_ReturnNewMatrices()
    {
        // λ·C + K with λ = 2: [[1, 0], [0, 1]]·2 + [[1, 2], [3, 4]] = [[3, 2], [3, 6]]
        var c = Matrix64.Identity(2);
        var k = new Matrix64(2, 2, [1, 2, 3, 4]);

        var sum = k.Add(c, scale: 2);
        var shifted = k.AddToDiagonal(0.5);

        Assert.Equal([3, 2, 3, 6], sum.Data);
        Assert.Equal([1.5, 2, 3, 4.5], shifted.Data);
        Assert.Equal([1, 2, 3, 4], k.Data);
    }

    [Fact]
    public void ScaleAndAddProduct_GiveLambdaCPlusKKt_AddingInPlace()
    {
        var c = new Matrix64(2, 2, [4, 1, 1, 3]);
        var k = new Matrix64(2, 3, [1, 2, 0, -1, 0, 2]);

        var system = c.Scale(0.5);
        system.AddProduct(k, false, k, true);

        Assert.Equal([4, 1, 1, 3], c.Data);
        Assert.Equal([2 + 5, 0.5 - 1, 0.5 - 1, 1.5 + 5], system.Data);
        var e = Assert.Throws<TensorShapeException>(() => system.AddProduct(k, true, k, false));
        Assert.Contains("the product is 3×3 but this matrix is 2×2", e.Message, StringComparison.Ordinal);
        Assert.Throws<TensorShapeException>(() => system.AddProduct(k, false, k, false));
    }

    [Fact]
    public void AddProduct_WithItsOwnStorageAsAnOperand_IsRefused_AndLeavesItUnchanged()
    {
        // Past one depth block (256) the GEMM would pack rows or columns it had already updated.
        var c = TestMatrices.Random(300, 300, seed: 2);
        var alias = new Matrix64(300, 300, c.Data);
        var other = TestMatrices.Random(300, 300, seed: 3);
        double[] before = (double[])c.Data.Clone();

        var asB = Assert.Throws<ArgumentException>(() => c.AddProduct(other, false, c, false));
        Assert.Throws<ArgumentException>(() => c.AddProduct(alias, true, other, false));

        Assert.Contains("Matrix64.AddProduct: an operand is this (300×300) matrix's own storage", asB.Message, StringComparison.Ordinal);
        Assert.Equal(before, c.Data);
    }

    [Fact]
    public void Transpose_OfLargeRectangle_SwapsIndices()
    {
        var a = TestMatrices.Random(45, 70, seed: 1);

        var t = a.Transpose();

        Assert.Equal((70, 45), (t.Rows, t.Cols));
        for (int i = 0; i < 45; i++)
        {
            for (int j = 0; j < 70; j++) Assert.Equal(a[i, j], t[j, i]);
        }
    }

    [Fact]
    public void FrobeniusNorm_DoesNotOverflow_OnHugeEntries()
    {
        // √(2·(1e200)²) = √2·1e200, whose square overflows a double
        var a = new Matrix64(1, 2, [1e200, -1e200]);

        Assert.Equal(Math.Sqrt(2) * 1e200, a.FrobeniusNorm(), 1e188);
        Assert.True(double.IsNaN(new Matrix64(1, 1, [double.NaN]).FrobeniusNorm()));
    }

    [Fact]
    public void Indexer_AndConstructor_Throw_OnBadShapes()
    {
        Assert.Contains("(2, 0) is outside the 2×2", Assert.Throws<TensorShapeException>(() => Matrix64.Identity(2)[2, 0]).Message);
        Assert.Contains("5 values cannot fill a 2×3", Assert.Throws<TensorShapeException>(() => new Matrix64(2, 3, new double[5])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix64(-1, 3));
    }
}
