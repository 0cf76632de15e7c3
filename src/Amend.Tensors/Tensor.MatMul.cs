using Amend.Tensors.Autograd;
using Amend.Tensors.Kernels;

namespace Amend.Tensors;

/// <summary>Matrix multiplication.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product over the last two axes: (..., m, k) · (..., k, n) → (..., m, n). The batch axes
    /// must be equal, or <paramref name="other"/> is a single (k, n) matrix shared by every batch entry.
    /// Transposed views are read in place, without copying, and a Float16/BFloat16
    /// <paramref name="other"/> (a weight) is widened while it is read, never copied to float32.
    /// </summary>
    /// <exception cref="TensorShapeException">Inner extents or batch axes disagree, or an operand has fewer than 2 axes.</exception>
    public Tensor MatMul(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var outShape = MatMulShape(Shape, other.Shape);
        int m = Shape[-2], k = Shape[-1], n = other.Shape[-1];
        var result = new float[outShape.ElementCount];

        // An empty product, or a sum over k = 0 terms (zeros), has no layout to read: an empty operand's strides
        // may be anything.
        if (result.Length == 0 || k == 0) return Record(Wrap(result, outShape), OpKind.MatMul, null, this, other);

        var a = MatrixLayout.Of(this);
        var b = MatrixLayout.Of(other, allowHalf: true);
        if (other.Rank == 2 && !a.Transposed && (a.Batch == 1 || a.BatchStride == m * a.Ld))
        {
            // All batch entries in one GEMM: (batch·m, k) · (k, n).
            BatchedMatMul.Product(a, a.Offset, b, b.Offset, result, a.Batch * m, n, k);
        }
        else
        {
            BatchedMatMul.Multiply(a, b, result, m, n, k);
        }

        return Record(Wrap(result, outShape), OpKind.MatMul, null, this, other);
    }

    private static Shape MatMulShape(Shape a, Shape b)
    {
        if (a.Rank < 2 || b.Rank < 2) throw new TensorShapeException("MatMul", $"both operands need at least 2 axes, got {a} and {b}");
        if (a[-1] != b[-2]) throw new TensorShapeException("MatMul", $"inner extents differ: {a} · {b} ({a[-1]} vs {b[-2]})");
        if (b.Rank > 2 && !a.Dims[..^2].SequenceEqual(b.Dims[..^2])) throw new TensorShapeException("MatMul", $"batch axes differ: {a} · {b}");
        var dims = a.ToArray();
        dims[^1] = b[-1];
        return Shape.Of("MatMul", dims);
    }
}
