using static Amend.Tensors.Tests.Samples;

namespace Amend.Tensors.Tests;

public sealed class IndexingTests
{
    [Fact]
    public void IndexSelect_PicksSlicesInIndexOrder_WithRepeats()
    {
        // Given [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
        var x = Sequence(3, 3);

        Assert.Equal([6f, 7f, 8f, 0f, 1f, 2f, 6f, 7f, 8f], x.IndexSelect(0, [2, 0, 2]).ToArray());
        Assert.Equal([2f, 1f, 5f, 4f, 8f, 7f], x.IndexSelect(-1, [2, 1]).ToArray());
        Assert.Equal(new Shape(3, 0), x.IndexSelect(1, []).Shape);
    }

    [Fact]
    public void IndexSelect_Throws_WhenIndexIsOutOfRange()
    {
        var error = Assert.Throws<TensorShapeException>(() => Sequence(3, 4).IndexSelect(1, [0, 4]));

        Assert.StartsWith("IndexSelect: index 4", error.Message);
        Assert.Contains("extent 4", error.Message);
        Assert.Throws<TensorShapeException>(() => Sequence(3, 4).IndexSelect(0, [-1]));
    }

    [Fact]
    public void Embedding_LooksUpRowsInIdsShape()
    {
        // Given a (4, 2) table and (2, 2) ids
        var weight = Sequence(4, 2);

        var y = Tensor.Embedding(weight, [3, 0, 1, 3], new Shape(2, 2));

        Assert.Equal(new Shape(2, 2, 2), y.Shape);
        Assert.Equal([6f, 7f, 0f, 1f, 2f, 3f, 6f, 7f], y.ToArray());
    }

    [Theory]
    [InlineData(DType.BFloat16)]
    [InlineData(DType.Float16)]
    public void Embedding_OfAHalfTable_WidensOnlyTheRowsItLooksUp(DType dtype)
    {
        // Given a half-precision 4096 × 256 table (2 MiB stored, 4 MiB widened), and a narrowed view of its rows
        var table = (Sequence(4096, 256) * 0.25f).ToDType(dtype);
        var view = table.Narrow(0, 100, 50);
        Tensor.Embedding(table, [1], new Shape(1));

        // When three rows are looked up
        long before = GC.GetAllocatedBytesForCurrentThread();
        var rows = Tensor.Embedding(table, [4095, 0, 7], new Shape(3));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Then they are the rows widened, and far less than the table was allocated
        var widened = table.ToDType(DType.Float32);
        Assert.Equal(widened.IndexSelect(0, [4095, 0, 7]).ToArray(), rows.ToArray());
        Assert.Equal(widened.IndexSelect(0, [102, 149]).ToArray(), view.IndexSelect(0, [2, 49]).ToArray());
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated to look up 3 rows");
    }

    [Fact]
    public void Embedding_Gradient_ScatterAddsIntoUsedRows()
    {
        // dW[v] = Σ of dy rows whose id is v: row 3 is used twice, row 2 never
        var weight = Sequence(4, 2).RequireGrad();

        var grads = Tensor.Embedding(weight, [3, 0, 3], new Shape(3)).Sum().Backward();

        Assert.Equal([1f, 1f, 0f, 0f, 0f, 0f, 2f, 2f], grads[weight].ToArray());
    }

    [Fact]
    public void Embedding_Throws_WhenIdIsOutOfRangeOrShapeDoesNotFit()
    {
        var weight = Tensor.Zeros(5, 2);

        var outside = Assert.Throws<TensorShapeException>(() => Tensor.Embedding(weight, [1, 7], new Shape(2)));
        var misfit = Assert.Throws<TensorShapeException>(() => Tensor.Embedding(weight, [1, 2, 3], new Shape(2, 2)));
        var notMatrix = Assert.Throws<TensorShapeException>(() => Tensor.Embedding(Tensor.Zeros(5), [1], new Shape(1)));

        Assert.StartsWith("Embedding: index 7", outside.Message);
        Assert.Contains("extent 5", outside.Message);
        Assert.Contains("(2, 2)", misfit.Message);
        Assert.Contains("(5)", notMatrix.Message);
    }

    [Fact]
    public void ScatterAdd_AddsSourceSlicesAtIndices_Accumulating()
    {
        // Given zeros (3, 2) and source rows [1, 2], [3, 4], [5, 6] sent to rows 2, 0, 2
        var target = Tensor.Zeros(3, 2);
        var source = Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 3, 2);

        var y = target.ScatterAdd(0, [2, 0, 2], source);

        Assert.Equal([3f, 4f, 0f, 0f, 6f, 8f], y.ToArray());
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 0f], target.ToArray());
    }

    [Fact]
    public void ScatterAdd_Throws_WhenSourceShapeDoesNotFit()
    {
        var error = Assert.Throws<TensorShapeException>(() => Tensor.Zeros(3, 2).ScatterAdd(1, [0, 1, 1], Tensor.Zeros(3, 2)));

        Assert.StartsWith("ScatterAdd: source shape (3, 2) should be (3, 3)", error.Message);
    }

    [Fact]
    public void IndexSelect_Gradients_MatchFiniteDifferences()
    {
        // dx = scatter-add of dy at the indices; along a middle axis of a transposed view
        GradientCheck.Assert(t => t[0].IndexSelect(1, [2, 0, 2, 1]), [Uniform(1, -1f, 1f, 2, 3, 4)]);
        GradientCheck.Assert(t => t[0].Transpose(0, 1).IndexSelect(0, [1, 1, 0]), [Uniform(2, -1f, 1f, 3, 2)]);
    }

    [Fact]
    public void ScatterAdd_Gradients_MatchFiniteDifferences()
    {
        // d(target) = dy, d(source) = dy gathered at the indices
        GradientCheck.Assert(
            t => t[0].ScatterAdd(1, [3, 0, 3], t[1]),
            [Uniform(3, -1f, 1f, 2, 4, 3), Uniform(4, -1f, 1f, 2, 3, 3)]);
    }

    [Fact]
    public void Embedding_Gradients_MatchFiniteDifferences()
    {
        GradientCheck.Assert(t => Tensor.Embedding(t[0], [4, 1, 1, 0, 4, 2], new Shape(2, 3)), [Uniform(5, -1f, 1f, 5, 3)]);
    }
}
