namespace Amend.Tensors.Tests;

public sealed class MatMulTests
{
    [Fact]
    public void MatMul_MatchesHandComputedProduct()
    {
        // [[1,2],[3,4]] · [[5,6],[7,8]] = [[19,22],[43,50]]
        var a = Tensor.FromArray([1f, 2, 3, 4], 2, 2);
        var b = Tensor.FromArray([5f, 6, 7, 8], 2, 2);

        Assert.Equal([19, 22, 43, 50], a.MatMul(b).ToArray());
    }

    [Fact]
    public void MatMul_ReadsTransposedViewsLikeTheirCopies()
    {
        var random = new Random(1);
        var a = Tensor.Randn(new Shape(2, 5, 3), random);
        var b = Tensor.Randn(new Shape(2, 4, 5), random);

        var viaViews = a.TransposeLast().MatMul(b.TransposeLast());
        var viaCopies = a.TransposeLast().Contiguous().MatMul(b.TransposeLast().Contiguous());

        TensorAssert.Close(viaCopies, viaViews);
        Assert.Equal(new Shape(2, 3, 4), viaViews.Shape);
    }

    [Fact]
    public void MatMul_OneByOneViewsWithAnyStrides_MultiplyLikeTheirCopies()
    {
        // A (1, 1) matrix is contiguous whatever its strides, so it must have a layout without being copied.
        var two = Tensor.Scalar(2f).Expand(new Shape(1, 1));
        var three = Tensor.Scalar(3f).Expand(new Shape(1, 1));
        var cut = Tensor.Arange(24).Reshape(2, 3, 4).Permute(2, 0, 1).Narrow(1, 0, 1).Narrow(2, 0, 1); // (4, 1, 1)

        Assert.DoesNotContain(1, two.Strides.ToArray());
        Assert.Equal([1, 12, 4], cut.Strides.ToArray());
        Assert.True(cut.IsContiguous);
        Assert.Equal([2f, 4f, 6f], two.MatMul(Tensor.FromArray([1f, 2f, 3f], 1, 3)).ToArray());
        Assert.Equal([3f, 6f], Tensor.FromArray([1f, 2f], 2, 1).MatMul(three).ToArray());
        Assert.Equal([0f, 0f, 1f, 2f, 2f, 4f, 3f, 6f], cut.MatMul(Tensor.FromArray([1f, 2f], 1, 2)).ToArray());
    }

    [Fact]
    public void MatMul_ReadsAViewWithUnitBatchAxesLikeItsCopy()
    {
        // (2,1,1,2,3): the unit axes carry strides of the storage they were cut from, which say nothing
        // about the stride between the two batch entries.
        var a = Tensor.Arange(36).Reshape(3, 2, 1, 2, 3).Narrow(0, 0, 1).Permute(1, 2, 0, 3, 4);
        var b = Tensor.Randn(new Shape(3, 2), new Random(3));

        var copy = Tensor.FromArray(a.ToArray(), 2, 1, 1, 2, 3);

        Assert.True(a.IsContiguous);
        TensorAssert.Close(copy.MatMul(b), a.MatMul(b));
    }

    [Fact]
    public void MatMul_OverAnEmptyInnerAxis_IsZero_AndEmptyOuterAxesGiveEmptyResults()
    {
        var zeros = Tensor.Zeros(2, 0).MatMul(Tensor.Zeros(0, 3));
        var noRows = Tensor.Zeros(0, 4).MatMul(Tensor.Zeros(4, 3));
        var noColumns = Tensor.Zeros(2, 4).MatMul(Tensor.Zeros(4, 0));

        Assert.Equal(new Shape(2, 3), zeros.Shape);
        Assert.Equal(new float[6], zeros.ToArray());
        Assert.Equal(new Shape(0, 3), noRows.Shape);
        Assert.Equal(new Shape(2, 0), noColumns.Shape);
    }

    [Fact]
    public void MatMul_OfBatchesWithAnEmptyMatrixAxis_IsEmptyOrZero_InBothPasses()
    {
        // An empty axis makes every batch stride 0; no layout may be asked of such operands.
        var noRows = Tensor.Zeros(2, 0, 3).MatMul(Tensor.Zeros(3, 4));
        var a = Tensor.Ones(2, 3, 0).RequireGrad();
        var b = Tensor.Ones(2, 0, 4).RequireGrad();
        var zeros = a.MatMul(b);
        var shared = Tensor.Ones(0, 4).RequireGrad();
        var sharedZeros = a.MatMul(shared);

        var grads = zeros.Sum().Add(sharedZeros.Sum()).Backward();

        Assert.Equal(new Shape(2, 0, 4), noRows.Shape);
        Assert.Equal(new Shape(2, 3, 4), zeros.Shape);
        Assert.Equal(new float[24], zeros.ToArray());
        Assert.Equal(new float[24], sharedZeros.ToArray());
        Assert.Equal(new Shape(2, 3, 0), grads[a].Shape);
        Assert.Equal(new Shape(2, 0, 4), grads[b].Shape);
        Assert.Equal(new Shape(0, 4), grads[shared].Shape);
    }

    [Fact]
    public void MatMul_Throws_NamingShapes_WhenInnerExtentsDiffer()
    {
        var error = Assert.Throws<TensorShapeException>(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(4, 5)));

        Assert.StartsWith("MatMul:", error.Message);
        Assert.Contains("(2, 3)", error.Message);
        Assert.Contains("(4, 5)", error.Message);
    }
}
