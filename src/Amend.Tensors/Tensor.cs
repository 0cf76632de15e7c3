using System.Runtime.InteropServices;
using Amend.Tensors.Autograd;

namespace Amend.Tensors;

/// <summary>
/// A dense n-dimensional array of numbers with row-major strides over a shared storage, optionally
/// recording the operations that produced it so gradients can flow back (see <see cref="Backward()"/>).
/// Views (reshape, permute, narrow) share storage; operations never modify their inputs.
/// </summary>
public sealed partial class Tensor
{
    private static long s_nextId;

    internal Tensor(TensorStorage storage, Shape shape, int[] strides, int offset)
    {
        Storage = storage;
        Shape = shape;
        Strides = strides;
        Offset = offset;
        Id = Interlocked.Increment(ref s_nextId);
    }

    /// <summary>A number unique to this tensor object in the process; gradient stores are keyed by it.</summary>
    public long Id { get; }

    /// <summary>Extent of each axis.</summary>
    public Shape Shape { get; }

    /// <summary>Storage element type.</summary>
    public DType DType => Storage.DType;

    /// <summary>Number of axes.</summary>
    public int Rank => Shape.Rank;

    /// <summary>Number of elements.</summary>
    public int ElementCount => Shape.ElementCount;

    /// <summary>Whether gradients flow to this tensor: set on leaves by the user, inherited by results.</summary>
    public bool RequiresGrad { get; private set; }

    /// <summary>True when the elements lie in storage in row-major order without gaps.</summary>
    public bool IsContiguous => HasStrides(Shape.ContiguousStrides());

    internal TensorStorage Storage { get; }

    internal int[] Strides { get; }

    internal int Offset { get; }

    /// <summary>The operation that produced this tensor, when it was recorded for autograd.</summary>
    internal Node? GradNode { get; private set; }

    /// <summary>Wraps <paramref name="data"/> without copying; the caller must not change it afterwards.</summary>
    /// <exception cref="ArgumentException">The array length differs from the shape's element count.</exception>
    public static Tensor Wrap(float[] data, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (data.Length != shape.ElementCount) throw new TensorShapeException("Wrap", $"{data.Length} values cannot fill shape {shape} ({shape.ElementCount} elements)");
        return new Tensor(TensorStorage.OfSingle(data), shape, shape.ContiguousStrides(), 0);
    }

    /// <summary>Wraps 16-bit patterns (Float16 or BFloat16) without copying; they are widened when computed on.</summary>
    public static Tensor WrapHalfBits(ushort[] bits, DType dtype, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(bits);
        ArgumentNullException.ThrowIfNull(shape);
        if (dtype is not (DType.Float16 or DType.BFloat16)) throw new ArgumentException($"WrapHalfBits: 16-bit patterns are Float16 or BFloat16, got {dtype}", nameof(dtype));
        if (bits.Length != shape.ElementCount) throw new TensorShapeException("WrapHalfBits", $"{bits.Length} values cannot fill shape {shape}");
        return new Tensor(TensorStorage.OfHalfBits(bits, dtype), shape, shape.ContiguousStrides(), 0);
    }

    /// <summary>A float32 tensor holding a copy of <paramref name="values"/>.</summary>
    public static Tensor FromArray(ReadOnlySpan<float> values, params int[] shape) => Wrap(values.ToArray(), new Shape(shape));

    /// <summary>A float32 tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape) => Zeros(new Shape(shape));

    /// <summary>A float32 tensor of zeros.</summary>
    public static Tensor Zeros(Shape shape) => Wrap(new float[(shape ?? throw new ArgumentNullException(nameof(shape))).ElementCount], shape);

    /// <summary>A float32 tensor with every element equal to <paramref name="value"/>.</summary>
    public static Tensor Full(Shape shape, float value)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var data = new float[shape.ElementCount];
        Array.Fill(data, value);
        return Wrap(data, shape);
    }

    /// <summary>A float32 tensor of ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(new Shape(shape), 1f);

    /// <summary>A rank-0 tensor holding one value.</summary>
    public static Tensor Scalar(float value) => Wrap([value], Shape.Scalar);

    /// <summary>0, 1, ..., n-1 as float32.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static Tensor Arange(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var shape = Shape.Of("Arange", n);
        var data = new float[n];
        for (int i = 0; i < n; i++) data[i] = i;
        return Wrap(data, shape);
    }

    /// <summary>Samples from N(0, std²) with a Box–Muller transform of <paramref name="random"/>; deterministic for a seeded generator.</summary>
    public static Tensor Randn(Shape shape, Random random, float std = 1f)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(random);
        var data = new float[shape.ElementCount];
        for (int i = 0; i < data.Length; i += 2)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1)) * std;
            data[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < data.Length) data[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }

        return Wrap(data, shape);
    }

    /// <summary>Samples uniformly from [low, high).</summary>
    public static Tensor Uniform(Shape shape, Random random, float low = 0f, float high = 1f)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(random);
        var data = new float[shape.ElementCount];
        for (int i = 0; i < data.Length; i++) data[i] = low + (float)random.NextDouble() * (high - low);
        return Wrap(data, shape);
    }

    /// <summary>Marks a leaf tensor as a parameter that gradients flow to; returns this tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor was produced by a recorded operation.</exception>
    public Tensor RequireGrad()
    {
        if (GradNode is not null) throw new InvalidOperationException("RequireGrad: only leaf tensors can be marked; this one was produced by " + GradNode.Kind);
        RequiresGrad = true;
        return this;
    }

    /// <summary>The same data, cut from the autograd graph (shares storage).</summary>
    public Tensor Detach() => new(Storage, Shape, Strides, Offset);

    /// <summary>
    /// Whether <paramref name="other"/> has this tensor's dtype, shape and the bit pattern of every element: unlike
    /// float equality, −0 and +0 differ and a NaN equals itself. What "restored bit for bit" means.
    /// </summary>
    public bool HasSameBits(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return DType == other.DType && Shape.Equals(other.Shape)
            && MemoryMarshal.Cast<float, int>(ToArray()).SequenceEqual(MemoryMarshal.Cast<float, int>(other.ToArray()));
    }

    /// <summary>The element at a full index (one entry per axis), widened to float32.</summary>
    [IndexerName("At")]
    public float this[params int[] index]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(index);
            if (index.Length != Rank) throw new TensorShapeException("Index", $"index of length {index.Length} for tensor of shape {Shape}");
            int position = Offset;
            for (int i = 0; i < index.Length; i++)
            {
                if ((uint)index[i] >= (uint)Shape[i]) throw new TensorShapeException("Index", $"index {index[i]} is out of range for axis {i} of shape {Shape}");
                position += index[i] * Strides[i];
            }

            return Storage.Read(position);
        }
    }

    /// <summary>The only element of a one-element tensor.</summary>
    /// <exception cref="TensorShapeException">The tensor has more or fewer than one element.</exception>
    public float Item()
    {
        if (ElementCount != 1) throw new TensorShapeException("Item", $"tensor of shape {Shape} has {ElementCount} elements, not 1");
        return Storage.Read(Offset);
    }

    /// <summary>The elements in row-major order as a new float32 array.</summary>
    public float[] ToArray()
    {
        var result = new float[ElementCount];
        StridedCopy.Gather(this, result);
        return result;
    }

    /// <summary>"Tensor(2, 3) Float32".</summary>
    public override string ToString() => $"Tensor{Shape} {DType}";

    /// <summary>Marks <paramref name="result"/> as produced by <paramref name="kind"/> when grad mode is on and an input needs gradients.</summary>
    internal static Tensor Record(Tensor result, OpKind kind, object? context, params Tensor[] inputs)
    {
        if (!GradMode.IsEnabled) return result;
        foreach (var input in inputs)
        {
            if (!input.RequiresGrad) continue;
            result.RequiresGrad = true;
            result.GradNode = new Node(kind, inputs, context);
            return result;
        }

        return result;
    }

    internal bool HasStrides(ReadOnlySpan<int> expected)
    {
        for (int i = 0; i < Rank; i++)
        {
            if (Shape[i] != 1 && Strides[i] != expected[i]) return false;
        }

        return true;
    }
}
