namespace Amend.Tensors.Kernels.Elementwise;

/// <summary>
/// How several operands lie under one broadcast output: the output's axes and each operand's storage
/// stride along them (0 along the axes it is broadcast over). Adjacent axes are merged wherever every
/// operand steps through them as one, and extent-1 axes dropped, so the common cases fall out as few,
/// long rows: same-shape contiguous operands become one row of stride 1; a one-element operand a row
/// of stride 0; a last-axis bias rows of stride 1 that restart at each row.
/// </summary>
internal sealed class BroadcastLayout
{
    private BroadcastLayout(int[] dims, int[][] strides, int[] offsets)
    {
        Dims = dims;
        Strides = strides;
        Offsets = offsets;
    }

    /// <summary>Merged output extents, outermost first; at least one axis.</summary>
    public int[] Dims { get; }

    /// <summary>Strides[operand][axis] in storage elements.</summary>
    public int[][] Strides { get; }

    /// <summary>Storage position of each operand's first element.</summary>
    public int[] Offsets { get; }

    /// <summary>Extent of the innermost (row) axis.</summary>
    public int Inner => Dims[^1];

    /// <summary>Storage stride of <paramref name="operand"/> along the row axis.</summary>
    public int InnerStride(int operand) => Strides[operand][^1];

    /// <summary>The layout of <paramref name="operands"/> broadcast to <paramref name="output"/> (which they must broadcast to).</summary>
    public static BroadcastLayout Of(Shape output, params Tensor[] operands)
    {
        int rank = output.Rank;
        var strides = new int[operands.Length][];
        for (int k = 0; k < operands.Length; k++)
        {
            var operand = operands[k];
            strides[k] = new int[rank];
            int lead = rank - operand.Rank;
            for (int i = lead; i < rank; i++) strides[k][i] = operand.Shape[i - lead] == 1 ? 0 : operand.Strides[i - lead];
        }

        return Merge(output.Dims, strides, Array.ConvertAll(operands, t => t.Offset));
    }

    /// <summary>Merges the axes of a layout given unmerged (every operand's strides aligned with <paramref name="dims"/>).</summary>
    public static BroadcastLayout Merge(ReadOnlySpan<int> dims, int[][] strides, int[] offsets)
    {
        int operands = strides.Length, groups = 0;
        var mergedDims = new int[Math.Max(dims.Length, 1)];
        var merged = new int[operands][];
        for (int k = 0; k < operands; k++) merged[k] = new int[mergedDims.Length];

        // Walk from the innermost axis outwards; axis i joins the group inside it when, for every
        // operand, one step along i equals a full sweep of that group.
        for (int i = dims.Length - 1; i >= 0; i--)
        {
            if (dims[i] == 1) continue;
            if (groups > 0 && Joins(strides, i, merged, groups - 1, mergedDims[groups - 1]))
            {
                mergedDims[groups - 1] *= dims[i];
                continue;
            }

            mergedDims[groups] = dims[i];
            for (int k = 0; k < operands; k++) merged[k][groups] = strides[k][i];
            groups++;
        }

        if (groups == 0) mergedDims[groups++] = 1;
        var order = mergedDims.AsSpan(0, groups);
        order.Reverse();
        for (int k = 0; k < operands; k++)
        {
            Array.Resize(ref merged[k], groups);
            merged[k].AsSpan().Reverse();
        }

        return new BroadcastLayout(order.ToArray(), merged, offsets);
    }

    private static bool Joins(int[][] strides, int axis, int[][] merged, int group, int groupExtent)
    {
        for (int k = 0; k < strides.Length; k++)
        {
            if (strides[k][axis] != merged[k][group] * groupExtent) return false;
        }

        return true;
    }
}
