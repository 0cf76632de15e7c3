namespace Amend.Tensors.Linalg;

/// <summary>
/// A dense row-major matrix of doubles: the working type of the float64 linear algebra (covariances,
/// their factorisations, eigenvectors). <see cref="Data"/> is exposed and mutable; element (i, j) is
/// <c>Data[i·Cols + j]</c>. Convert from and to float32 tensors with <see cref="FromTensor"/> and
/// <see cref="ToTensor"/>.
/// </summary>
public sealed class Matrix64
{
    /// <summary>A rows×cols matrix of zeros.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An extent is negative or the element count exceeds int.MaxValue.</exception>
    public Matrix64(int rows, int cols)
        : this(rows, cols, new double[ElementCount(rows, cols)])
    {
    }

    /// <summary>Wraps <paramref name="data"/> (row-major, rows·cols values) without copying.</summary>
    /// <exception cref="TensorShapeException">The array length is not rows·cols.</exception>
    public Matrix64(int rows, int cols, double[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != ElementCount(rows, cols)) throw new TensorShapeException("Matrix64", $"{data.Length} values cannot fill a {rows}×{cols} matrix");
        (Rows, Cols, Data) = (rows, cols, data);
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>The elements in row-major order (shared, not a copy).</summary>
    public double[] Data { get; }

    /// <summary>The element at (<paramref name="row"/>, <paramref name="col"/>).</summary>
    /// <exception cref="TensorShapeException">The index lies outside the matrix.</exception>
    public double this[int row, int col]
    {
        get => Data[Index(row, col)];
        set => Data[Index(row, col)] = value;
    }

    /// <summary>The n×n identity.</summary>
    public static Matrix64 Identity(int n)
    {
        var identity = new Matrix64(n, n);
        for (int i = 0; i < n; i++) identity.Data[(i * n) + i] = 1;
        return identity;
    }

    /// <summary>Widens a rank-2 tensor (any dtype, any strides) to a float64 matrix of the same shape.</summary>
    /// <exception cref="TensorShapeException">The tensor is not rank 2.</exception>
    public static Matrix64 FromTensor(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Rank != 2) throw new TensorShapeException("Matrix64.FromTensor", $"expected a matrix (rank 2), got shape {tensor.Shape}");
        float[] values = tensor.ToArray();
        var data = new double[values.Length];
        for (int i = 0; i < values.Length; i++) data[i] = values[i];
        return new Matrix64(tensor.Shape[0], tensor.Shape[1], data);
    }

    /// <summary>Rounds to a float32 tensor of shape (Rows, Cols); magnitudes beyond float range become ±∞.</summary>
    public Tensor ToTensor()
    {
        var values = new float[Data.Length];
        for (int i = 0; i < values.Length; i++) values[i] = (float)Data[i];
        return Tensor.Wrap(values, new Shape(Rows, Cols));
    }

    /// <summary>Row <paramref name="row"/> as a span over <see cref="Data"/>.</summary>
    public Span<double> Row(int row)
    {
        if ((uint)row >= (uint)Rows) throw new TensorShapeException("Matrix64", $"row {row} is outside the {Rows}×{Cols} matrix");
        return Data.AsSpan(row * Cols, Cols);
    }

    /// <summary>A copy with its own storage.</summary>
    public Matrix64 Clone() => new(Rows, Cols, (double[])Data.Clone());

    /// <summary>The Cols×Rows transpose, copied in 32×32 blocks so large matrices stay cache-friendly.</summary>
    public Matrix64 Transpose()
    {
        const int block = 32;
        var result = new Matrix64(Cols, Rows);
        for (int i0 = 0; i0 < Rows; i0 += block)
        {
            for (int j0 = 0; j0 < Cols; j0 += block)
            {
                for (int i = i0; i < Math.Min(i0 + block, Rows); i++)
                {
                    for (int j = j0; j < Math.Min(j0 + block, Cols); j++) result.Data[(j * Rows) + i] = Data[(i * Cols) + j];
                }
            }
        }

        return result;
    }

    /// <summary>The product this·<paramref name="other"/>.</summary>
    /// <exception cref="TensorShapeException">Cols of this differs from Rows of <paramref name="other"/>.</exception>
    public Matrix64 Multiply(Matrix64 other) => Multiply(this, false, other, false);

    /// <summary>
    /// op(A)·op(B) with op(X) = Xᵀ when the flag is set, without materialising the transposes
    /// (e.g. K·Kᵀ for a covariance). Blocked, SIMD and multi-threaded for large operands.
    /// </summary>
    /// <exception cref="TensorShapeException">The inner extents of op(A) and op(B) differ.</exception>
    public static Matrix64 Multiply(Matrix64 a, bool transposeA, Matrix64 b, bool transposeB)
    {
        var product = Product.Of("Matrix64.Multiply", a, transposeA, b, transposeB);
        var result = new Matrix64(product.M, product.N);

        // Not accumulate: true, though the new array is already zero. Clearing it first takes the page faults of
        // fresh memory in one serial pass, far cheaper than inside the parallel kernel (K·Kᵀ of 3072×10 keys:
        // 58–60 ms against 260–350 ms).
        product.Into(result, accumulate: false);
        return result;
    }

    /// <summary>this += op(A)·op(B), in place (e.g. λC + KKᵀ without a separate KKᵀ).</summary>
    /// <exception cref="TensorShapeException">The inner extents differ, or op(A)·op(B) is not the shape of this.</exception>
    /// <exception cref="ArgumentException">A or B shares this matrix's storage: the GEMM packs its operands block by block while it writes, so it would read its own updates.</exception>
    public void AddProduct(Matrix64 a, bool transposeA, Matrix64 b, bool transposeB)
    {
        var product = Product.Of("Matrix64.AddProduct", a, transposeA, b, transposeB);
        if (product.M != Rows || product.N != Cols) throw new TensorShapeException("Matrix64.AddProduct", $"the product is {product.M}×{product.N} but this matrix is {Rows}×{Cols}");
        if (ReferenceEquals(a.Data, Data) || ReferenceEquals(b.Data, Data)) throw new ArgumentException($"Matrix64.AddProduct: an operand is this {Describe(this)} matrix's own storage; compute this + {Describe(a, transposeA)}·{Describe(b, transposeB)} with Add(Multiply(...)) instead");
        product.Into(this, accumulate: true);
    }

    /// <summary>The matrix-vector product this·<paramref name="vector"/>.</summary>
    /// <exception cref="TensorShapeException">The vector length differs from Cols.</exception>
    public double[] Multiply(ReadOnlySpan<double> vector)
    {
        if (vector.Length != Cols) throw new TensorShapeException("Matrix64.Multiply", $"a {Rows}×{Cols} matrix cannot multiply a vector of length {vector.Length}");
        var result = new double[Rows];
        for (int i = 0; i < Rows; i++) result[i] = System.Numerics.Tensors.TensorPrimitives.Dot(Data.AsSpan(i * Cols, Cols), vector);
        return result;
    }

    /// <summary>this + <paramref name="scale"/>·<paramref name="other"/> as a new matrix (e.g. λC + KKᵀ).</summary>
    /// <exception cref="TensorShapeException">The shapes differ.</exception>
    public Matrix64 Add(Matrix64 other, double scale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Rows != Rows || other.Cols != Cols) throw new TensorShapeException("Matrix64.Add", $"shapes differ: {Rows}×{Cols} and {other.Rows}×{other.Cols}");
        var result = new double[Data.Length];
        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(other.Data, scale, Data, result);
        return new Matrix64(Rows, Cols, result);
    }

    /// <summary><paramref name="scale"/>·this as a new matrix.</summary>
    public Matrix64 Scale(double scale)
    {
        var result = new double[Data.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(Data, scale, result);
        return new Matrix64(Rows, Cols, result);
    }

    /// <summary>A copy with <paramref name="value"/> added to every diagonal element (A + value·I for square A).</summary>
    public Matrix64 AddToDiagonal(double value)
    {
        var result = Clone();
        for (int i = 0; i < Math.Min(Rows, Cols); i++) result.Data[(i * Cols) + i] += value;
        return result;
    }

    /// <summary>sqrt(Σ a_ij²), computed on entries scaled by the largest so it neither overflows nor underflows; NaN if any entry is NaN.</summary>
    public double FrobeniusNorm()
    {
        double max = 0;
        foreach (double x in Data)
        {
            if (double.IsNaN(x)) return double.NaN;
            max = Math.Max(max, Math.Abs(x));
        }

        if (max == 0 || double.IsInfinity(max)) return max;
        double sum = 0;
        foreach (double x in Data) sum += (x / max) * (x / max);
        return max * Math.Sqrt(sum);
    }

    /// <summary>"Matrix64(3×3)".</summary>
    public override string ToString() => $"Matrix64({Rows}×{Cols})";

    // op(A)·op(B) as views, its extents checked: what Multiply and AddProduct share.
    private readonly record struct Product(int M, int N, int K, MatrixView A, MatrixView B)
    {
        public static Product Of(string op, Matrix64 a, bool transposeA, Matrix64 b, bool transposeB)
        {
            ArgumentNullException.ThrowIfNull(a);
            ArgumentNullException.ThrowIfNull(b);
            (int m, int k) = transposeA ? (a.Cols, a.Rows) : (a.Rows, a.Cols);
            (int kb, int n) = transposeB ? (b.Cols, b.Rows) : (b.Rows, b.Cols);
            if (k != kb) throw new TensorShapeException(op, $"inner extents differ: {Describe(a, transposeA)} · {Describe(b, transposeB)}");
            return new Product(m, n, k, transposeA ? MatrixView.Of(a).T : MatrixView.Of(a), transposeB ? MatrixView.Of(b).T : MatrixView.Of(b));
        }

        public void Into(Matrix64 c, bool accumulate) => Gemm64.Multiply(M, N, K, 1.0, A, B, MatrixView.Of(c), accumulate);
    }

    internal static string Describe(Matrix64 m, bool transposed = false) => transposed ? $"({m.Rows}×{m.Cols})ᵀ" : $"({m.Rows}×{m.Cols})";

    private static int ElementCount(int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        long count = (long)rows * cols;
        if (count > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(rows), $"Matrix64: {rows}×{cols} = {count} elements exceeds the largest array ({Array.MaxLength})");
        return (int)count;
    }

    private int Index(int row, int col)
    {
        if ((uint)row >= (uint)Rows || (uint)col >= (uint)Cols) throw new TensorShapeException("Matrix64", $"index ({row}, {col}) is outside the {Rows}×{Cols} matrix");
        return (row * Cols) + col;
    }
}
