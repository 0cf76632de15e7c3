using System.Numerics.Tensors;
using Amend.Tensors.Autograd;
using Amend.Tensors.Kernels;

namespace Amend.Tensors;

/// <summary>Dropout.</summary>
public sealed partial class Tensor
{
    /// <summary>
    /// Inverted dropout (PyTorch <c>dropout</c>): when <paramref name="training"/>, each element is zeroed with
    /// probability <paramref name="p"/> and the others are scaled by 1/(1 − p), so the expectation is unchanged;
    /// when not training (or p = 0) this tensor itself is returned. The mask comes from <paramref name="random"/>,
    /// one draw per element in row-major order, so a seeded generator reproduces it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    /// <exception cref="ArgumentNullException">Training with no <paramref name="random"/>.</exception>
    public Tensor Dropout(float p, bool training, Random? random)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout: the drop probability must lie in [0, 1]");
        if (!training || p == 0) return this;
        ArgumentNullException.ThrowIfNull(random);
        var mask = DropoutKernel.Mask(ElementCount, p, random);
        var y = new float[ElementCount];
        TensorPrimitives.Multiply(AsReadOnlySpan(), mask, y);
        return Record(Wrap(y, Shape), OpKind.Dropout, mask, this);
    }

    /// <summary>Backward of <see cref="Dropout"/>: dx = dy∘mask.</summary>
    internal static Tensor DropoutBackward(float[] mask, Tensor dy)
    {
        var dx = new float[mask.Length];
        TensorPrimitives.Multiply(dy.AsReadOnlySpan(), mask, dx);
        return Wrap(dx, dy.Shape);
    }
}
