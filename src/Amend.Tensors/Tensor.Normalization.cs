using Amend.Tensors.Autograd;
using Amend.Tensors.Kernels;

namespace Amend.Tensors;

/// <summary>Layer normalisation and RMS normalisation over the last axis.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Layer normalisation over the last axis (C): y = (x − μ)/√(σ² + eps)·w + b with μ and the biased
    /// variance σ² taken over each row (PyTorch <c>layer_norm</c>). <paramref name="weight"/> and
    /// <paramref name="bias"/> have shape (C) and are optional (absent = 1 and 0). Output is float32 of this shape.
    /// </summary>
    /// <exception cref="TensorShapeException">The tensor has no axes, or weight or bias is not of shape (C).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eps"/> is negative, NaN or infinite.</exception>
    public Tensor LayerNorm(Tensor? weight, Tensor? bias, float eps = 1e-5f)
    {
        RequireEpsilon("LayerNorm", eps);
        int cols = NormalizedWidth("LayerNorm", weight, bias);
        int rows = Shape.CountRange(0, Rank - 1);
        var mean = new float[rows];
        var rstd = new float[rows];
        var y = LayerNormKernel.Forward(TensorMemory.Read(this), ReadOptional(weight), ReadOptional(bias), cols, eps, mean, rstd);
        Tensor[] inputs = [this, .. weight is null ? Array.Empty<Tensor>() : [weight], .. bias is null ? Array.Empty<Tensor>() : [bias]];
        return Record(Wrap(y, Shape), OpKind.LayerNorm, new LayerNormKernel.Saved(mean, rstd, weight is not null, bias is not null), inputs);
    }

    /// <summary>
    /// RMS normalisation over the last axis (C), as LLaMA, Mistral and Qwen2 define it:
    /// y = x / √(mean(x²) + eps) ∘ w, computed in float32 with the weight applied last. <paramref name="weight"/> has shape (C).
    /// </summary>
    /// <exception cref="TensorShapeException">The tensor has no axes, or weight is not of shape (C).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="eps"/> is negative, NaN or infinite.</exception>
    public Tensor RmsNorm(Tensor weight, float eps = 1e-6f)
    {
        ArgumentNullException.ThrowIfNull(weight);
        RequireEpsilon("RmsNorm", eps);
        int cols = NormalizedWidth("RmsNorm", weight, null);
        var rstd = new float[Shape.CountRange(0, Rank - 1)];
        var y = RmsNormKernel.Forward(TensorMemory.Read(this), TensorMemory.Read(weight), cols, eps, rstd);
        return Record(Wrap(y, Shape), OpKind.RmsNorm, rstd, this, weight);
    }

    private static void RequireEpsilon(string op, float eps)
    {
        if (!(eps >= 0) || float.IsInfinity(eps)) throw new ArgumentOutOfRangeException(nameof(eps), $"{op}: eps must be finite and non-negative, got {eps}");
    }

    /// <summary>
    /// Gradients of <see cref="LayerNorm"/> for its recorded inputs (x, then weight and bias when given). The weight and
    /// bias sums are skipped, and left zero, when neither needs a gradient (a frozen model); only inputs that do are read.
    /// </summary>
    internal static Tensor[] LayerNormBackward(Tensor[] inputs, LayerNormKernel.Saved saved, Tensor dy)
    {
        var x = inputs[0];
        var weight = saved.HasWeight ? inputs[1] : null;
        bool parameterGradients = inputs.Skip(1).Any(p => p.RequiresGrad);
        var (dx, dw, db) = LayerNormKernel.Backward(TensorMemory.Read(x), ReadOptional(weight), TensorMemory.Read(dy), x.Shape[-1], saved.Mean, saved.Rstd, parameterGradients);
        var cols = new Shape(x.Shape[-1]);
        return [Wrap(dx, x.Shape), .. saved.HasWeight ? [Wrap(dw, cols)] : Array.Empty<Tensor>(), .. saved.HasBias ? [Wrap(db, cols)] : Array.Empty<Tensor>()];
    }

    /// <summary>Gradients of <see cref="RmsNorm"/> for x and weight (left zero when the weight needs none).</summary>
    internal static Tensor[] RmsNormBackward(Tensor[] inputs, float[] rstd, Tensor dy)
    {
        var (x, weight) = (inputs[0], inputs[1]);
        var (dx, dw) = RmsNormKernel.Backward(TensorMemory.Read(x), TensorMemory.Read(weight), TensorMemory.Read(dy), x.Shape[-1], rstd, weight.RequiresGrad);
        return [Wrap(dx, x.Shape), Wrap(dw, weight.Shape)];
    }

    private static ReadOnlyMemory<float>? ReadOptional(Tensor? t) => t is null ? (ReadOnlyMemory<float>?)null : TensorMemory.Read(t);

    private int NormalizedWidth(string op, Tensor? weight, Tensor? bias)
    {
        if (Rank == 0) throw new TensorShapeException(op, $"needs at least one axis, got shape {Shape}");
        int cols = Shape[-1];
        if (weight is not null && !weight.Shape.Equals(new Shape(cols))) throw new TensorShapeException(op, $"weight of shape {weight.Shape} does not match the last axis of input {Shape}; expected ({cols})");
        if (bias is not null && !bias.Shape.Equals(new Shape(cols))) throw new TensorShapeException(op, $"bias of shape {bias.Shape} does not match the last axis of input {Shape}; expected ({cols})");
        return cols;
    }
}
