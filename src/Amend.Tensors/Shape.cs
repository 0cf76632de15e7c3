namespace Amend.Tensors;

/// <summary>
/// The extent of each axis of a tensor, outermost first (row-major). Immutable and compared by value.
/// </summary>
public sealed class Shape : IEquatable<Shape>
{
    private readonly int[] _dims;

    /// <summary>Creates a shape; every extent must be non-negative.</summary>
    /// <exception cref="ArgumentException">An extent is negative or the element count overflows.</exception>
    public Shape(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        string? problem = Problem(dims, out long count);
        if (problem is not null) throw new ArgumentException(problem, nameof(dims));
        _dims = (int[])dims.Clone();
        ElementCount = (int)count;
    }

    /// <summary>The shape an op computes for its result, refused as a <see cref="TensorShapeException"/> that names the op.</summary>
    internal static Shape Of(string op, params int[] dims) => Of(op, null, dims);

    /// <summary>As <see cref="Of(string, int[])"/>, the message also naming the <paramref name="input"/> the result comes from.</summary>
    internal static Shape Of(string op, string? input, int[] dims)
    {
        string? problem = Problem(dims, out _);
        if (problem is null) return new Shape(dims);
        throw new TensorShapeException(op, input is null ? $"the result {problem}" : $"{input}: the result {problem}");
    }

    // What is wrong with dims as a shape (a negative extent, more elements than an array holds), or null.
    private static string? Problem(int[] dims, out long count)
    {
        count = 1;
        foreach (int d in dims)
        {
            if (d < 0) return $"shape {Format(dims)} has a negative extent";
            count *= d;
            if (count > Array.MaxLength) return $"shape {Format(dims)} has more than {Array.MaxLength} elements";
        }

        return null;
    }

    /// <summary>Whether <paramref name="other"/> is this shape with <paramref name="axis"/> of extent <paramref name="extent"/>, compared axis by axis (no shape is built, so none can overflow).</summary>
    internal bool EqualExceptAxis(Shape other, int axis, int extent)
    {
        if (other.Rank != Rank || other[axis] != extent) return false;
        for (int i = 0; i < Rank; i++)
        {
            if (i != axis && other[i] != this[i]) return false;
        }

        return true;
    }

    /// <summary>The shape of a scalar: no axes, one element.</summary>
    public static Shape Scalar { get; } = new();

    /// <summary>Number of axes.</summary>
    public int Rank => _dims.Length;

    /// <summary>Product of the extents.</summary>
    public int ElementCount { get; }

    /// <summary>Extent of an axis; negative axes count from the end.</summary>
    public int this[int axis] => _dims[NormalizeAxis(axis)];

    /// <summary>The extents as a new array.</summary>
    public int[] ToArray() => (int[])_dims.Clone();

    /// <summary>The extents, read-only, without copying.</summary>
    public ReadOnlySpan<int> Dims => _dims;

    /// <summary>Maps a possibly negative axis to 0..Rank-1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The axis is outside -Rank..Rank-1.</exception>
    public int NormalizeAxis(int axis)
    {
        int a = axis < 0 ? axis + Rank : axis;
        if (a < 0 || a >= Rank) throw new ArgumentOutOfRangeException(nameof(axis), $"axis {axis} is out of range for shape {this}");
        return a;
    }

    /// <summary>Row-major strides of a contiguous tensor of this shape.</summary>
    public int[] ContiguousStrides()
    {
        var strides = new int[Rank];
        int s = 1;
        for (int i = Rank - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= _dims[i];
        }

        return strides;
    }

    /// <summary>Product of the extents of axes [from, to).</summary>
    public int CountRange(int from, int to)
    {
        if (from < 0 || to > Rank || from > to) throw new ArgumentOutOfRangeException(nameof(from), $"CountRange: axes [{from}, {to}) are not a range of shape {this}");
        int n = 1;
        for (int i = from; i < to; i++) n *= _dims[i];
        return n;
    }

    /// <summary>NumPy broadcasting of two shapes.</summary>
    /// <exception cref="TensorShapeException">The shapes cannot broadcast.</exception>
    public static Shape Broadcast(Shape a, Shape b, string op)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Rank ? 1 : a._dims[i - (rank - a.Rank)];
            int db = i < rank - b.Rank ? 1 : b._dims[i - (rank - b.Rank)];
            if (da != db && da != 1 && db != 1) throw new TensorShapeException(op, $"shapes {a} and {b} do not broadcast (axis {i}: {da} vs {db})");
            dims[i] = da == 1 ? db : da;
        }

        return Of(op, dims);
    }

    /// <inheritdoc/>
    public bool Equals(Shape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Shape);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (int d in _dims) h.Add(d);
        return h.ToHashCode();
    }

    /// <summary>Formats as "(2, 3, 4)".</summary>
    public override string ToString() => Format(_dims);

    /// <summary>Extents as "(2, 3)", for messages about shapes that may not exist.</summary>
    internal static string Format(int[] dims) => "(" + string.Join(", ", dims) + ")";

    /// <summary>Creates a shape from extents.</summary>
    public static implicit operator Shape(int[] dims) => new(dims);
}
