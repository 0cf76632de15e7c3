using Amend.Tensors.Autograd;
using Amend.Tensors.Kernels.Elementwise;

namespace Amend.Tensors;

/// <summary>Arithmetic with NumPy broadcasting: methods, operators, and scalars on either side.</summary>
/// <remarks>
/// Shapes broadcast as in NumPy/torch: aligned from the last axis, an extent of 1 (or a missing leading
/// axis) repeats to match the other operand. Inputs may be any view (transposed, narrowed, expanded) and
/// any dtype; results are new contiguous float32 tensors. Gradients flow to both operands, summed over
/// the axes each was broadcast along.
/// </remarks>
public sealed partial class Tensor
{
    /// <summary>this + <paramref name="other"/>, broadcast.</summary>
    /// <exception cref="TensorShapeException">The shapes do not broadcast; the message names the op and both shapes.</exception>
    public Tensor Add(Tensor other) => Binary<AddOperator>(other, OpKind.Add, "Add");

    /// <summary>this - <paramref name="other"/>, broadcast.</summary>
    /// <exception cref="TensorShapeException">The shapes do not broadcast.</exception>
    public Tensor Sub(Tensor other) => Binary<SubtractOperator>(other, OpKind.Sub, "Sub");

    /// <summary>this · <paramref name="other"/> element by element, broadcast.</summary>
    /// <exception cref="TensorShapeException">The shapes do not broadcast.</exception>
    public Tensor Mul(Tensor other) => Binary<MultiplyOperator>(other, OpKind.Mul, "Mul");

    /// <summary>this / <paramref name="other"/> element by element, broadcast (IEEE: division by zero gives ±∞ or NaN).</summary>
    /// <exception cref="TensorShapeException">The shapes do not broadcast.</exception>
    public Tensor Div(Tensor other) => Binary<DivideOperator>(other, OpKind.Div, "Div");

    /// <summary>this + <paramref name="value"/> element by element.</summary>
    public Tensor AddScalar(float value) => Add(Scalar(value));

    /// <summary>this · <paramref name="value"/> element by element.</summary>
    public Tensor MulScalar(float value) => Mul(Scalar(value));

    /// <summary>Element-wise sum, broadcast; see <see cref="Add(Tensor)"/>.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => NotNull(a).Add(b);

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor operator +(Tensor a, float b) => NotNull(a).AddScalar(b);

    /// <summary>Adds a scalar to every element.</summary>
    public static Tensor operator +(float a, Tensor b) => NotNull(b).AddScalar(a);

    /// <summary>Element-wise difference, broadcast; see <see cref="Sub(Tensor)"/>.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => NotNull(a).Sub(b);

    /// <summary>Subtracts a scalar from every element.</summary>
    public static Tensor operator -(Tensor a, float b) => NotNull(a).Sub(Scalar(b));

    /// <summary>A scalar minus every element.</summary>
    public static Tensor operator -(float a, Tensor b) => Scalar(a).Sub(b);

    /// <summary>Element-wise product, broadcast; see <see cref="Mul(Tensor)"/>.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => NotNull(a).Mul(b);

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor operator *(Tensor a, float b) => NotNull(a).MulScalar(b);

    /// <summary>Multiplies every element by a scalar.</summary>
    public static Tensor operator *(float a, Tensor b) => NotNull(b).MulScalar(a);

    /// <summary>Element-wise quotient, broadcast; see <see cref="Div(Tensor)"/>.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => NotNull(a).Div(b);

    /// <summary>Divides every element by a scalar (a true division, not a multiplication by 1/b).</summary>
    public static Tensor operator /(Tensor a, float b) => NotNull(a).Div(Scalar(b));

    /// <summary>A scalar divided by every element.</summary>
    public static Tensor operator /(float a, Tensor b) => Scalar(a).Div(b);

    /// <summary>-x element by element; see <see cref="Neg"/>.</summary>
    public static Tensor operator -(Tensor x) => NotNull(x).Neg();

    private Tensor Binary<TOp>(Tensor other, OpKind kind, string op)
        where TOp : IBinaryOperator
    {
        ArgumentNullException.ThrowIfNull(other);
        return Record(ElementwiseDriver.Binary<TOp>(this, other, op), kind, null, this, other);
    }

    private static Tensor NotNull(Tensor x, [CallerArgumentExpression(nameof(x))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        return x;
    }
}
