using Amend.Tensors.Kernels.Elementwise;

namespace Amend.Tensors.Tests.Kernels.Elementwise;

public sealed class BroadcastLayoutTests
{
    [Fact]
    public void SameShapeContiguous_MergesIntoOneRow()
    {
        var a = Tensor.Zeros(2, 3, 4);

        var layout = BroadcastLayout.Of(a.Shape, a, Tensor.Zeros(2, 3, 4));

        Assert.Equal([24], layout.Dims);
        Assert.Equal([1], layout.Strides[0]);
        Assert.Equal([1], layout.Strides[1]);
    }

    [Fact]
    public void ScalarOperand_BecomesStrideZeroRow()
    {
        var layout = BroadcastLayout.Of(new Shape(2, 3, 4), Tensor.Zeros(2, 3, 4), Tensor.Scalar(1f));

        Assert.Equal([24], layout.Dims);
        Assert.Equal([0], layout.Strides[1]);
    }

    [Fact]
    public void LastAxisBias_GivesRowsThatRestart()
    {
        var layout = BroadcastLayout.Of(new Shape(2, 3, 4), Tensor.Zeros(2, 3, 4), Tensor.Zeros(4));

        Assert.Equal([6, 4], layout.Dims);
        Assert.Equal([4, 1], layout.Strides[0]);
        Assert.Equal([0, 1], layout.Strides[1]);
    }

    [Fact]
    public void TransposedOperand_KeepsItsAxesApart()
    {
        var t = Tensor.Zeros(4, 3).Transpose(0, 1);

        var layout = BroadcastLayout.Of(t.Shape, t, Tensor.Zeros(3, 4));

        Assert.Equal([3, 4], layout.Dims);
        Assert.Equal([1, 3], layout.Strides[0]);
        Assert.Equal([4, 1], layout.Strides[1]);
    }

    [Fact]
    public void Cursor_StartingMidRow_ReportsStoragePositions()
    {
        // Given the bias layout: operand 1 restarts every 4 elements
        var layout = BroadcastLayout.Of(new Shape(3, 4), Tensor.Zeros(3, 4), Tensor.Zeros(4));

        // When starting at element 6 (row 1, column 2)
        var cursor = new BroadcastCursor(layout, 6);

        // Then the segment runs to the row's end, and the next row restarts the bias
        Assert.Equal(2, cursor.SegmentLength(12));
        Assert.Equal((6, 2), (cursor.Start(0), cursor.Start(1)));
        cursor.Advance(2);
        Assert.Equal((8, 0, 4), (cursor.Start(0), cursor.Start(1), cursor.SegmentLength(12)));
    }
}
