using Amend.Tensors.Autograd;
using Amend.Tensors.Kernels;

namespace Amend.Tensors;

/// <summary>Softmax and log-softmax over the last axis.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Softmax over the last axis: y = exp(x − max x) / Σ exp(x − max x), so each row sums to 1 and large
    /// logits do not overflow. Output is float32 of this shape. A row that is −∞ throughout (every entry masked) gives
    /// NaN, as in PyTorch, and so do the gradients reaching its inputs: a mask must leave each row one finite entry,
    /// or the caller must drop such rows (attention does both for its own masks).
    /// </summary>
    /// <exception cref="TensorShapeException">The tensor has no axes.</exception>
    public Tensor Softmax() => SoftmaxLastAxis("Softmax", OpKind.Softmax, log: false);

    /// <summary>
    /// Log-softmax over the last axis: y = x − log Σ exp(x), computed as (x − m) − log Σ exp(x − m) with
    /// m = max x, which stays finite where log(softmax(x)) would underflow to −∞.
    /// </summary>
    /// <exception cref="TensorShapeException">The tensor has no axes.</exception>
    public Tensor LogSoftmax() => SoftmaxLastAxis("LogSoftmax", OpKind.LogSoftmax, log: true);

    /// <summary>Backward of softmax (dx = y∘(dy − Σ dy∘y)) or log-softmax (dx = dy − exp(y)·Σ dy), given the saved output y.</summary>
    internal static Tensor SoftmaxBackward(float[] y, Tensor dy, bool log)
        => Wrap(SoftmaxKernel.Backward(y, TensorMemory.Read(dy), dy.Shape[-1], log), dy.Shape);

    private Tensor SoftmaxLastAxis(string op, OpKind kind, bool log)
    {
        if (Rank == 0) throw new TensorShapeException(op, $"needs at least one axis, got shape {Shape}");
        var y = SoftmaxKernel.Forward(TensorMemory.Read(this), Shape[-1], log);
        return Record(Wrap(y, Shape), kind, y, this);
    }
}
