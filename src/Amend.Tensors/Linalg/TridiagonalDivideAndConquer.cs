namespace Amend.Tensors.Linalg;

/// <summary>
/// Eigenvalues and eigenvectors of a symmetric tridiagonal matrix T by divide and conquer (Cuppen 1981,
/// with Gu and Eisenstat's 1995 eigenvectors; the scheme of LAPACK's dstedc). T is split in halves by
/// removing its middle coupling β as a rank-one term, T = diag(T₁, T₂) + ρ·v·vᵀ; the halves are solved
/// recursively, T₁ = Q₁D₁Q₁ᵀ and T₂ = Q₂D₂Q₂ᵀ, and the merge solves D + ρ·z·zᵀ (<see cref="SecularEquation"/>)
/// with z = diag(Q₁, Q₂)ᵀ·v, then multiplies its eigenvectors into diag(Q₁, Q₂) in GEMM.
/// </summary>
/// <remarks>
/// Deflation keeps the merges small: a component of z below rounding, or two entries of D closer than
/// rounding once a plane rotation zeroes one of their z components, leaves that eigenpair as it is. The
/// merge's product is split as dstedc's is: columns of Q₁ are zero below the split and columns of Q₂ above
/// it, so the top and bottom rows each take one GEMM over the columns that reach them, about half the flops
/// of one dense product. Without deflation the GEMMs total about 4n³/3 flops, against the 6n³ of the QL
/// rotations they replace.
/// </remarks>
internal sealed class TridiagonalDivideAndConquer
{
    private const double Epsilon = 2.220446049250313e-16;

    private readonly double[] _d;
    private readonly double[] _e;
    private readonly double[] _values;
    private readonly double[] _vectors;
    private readonly int _n;

    private TridiagonalDivideAndConquer(double[] d, double[] e)
    {
        (_d, _e, _n) = (d, e, d.Length);
        _values = new double[_n];
        _vectors = new double[(long)_n * _n];
    }

    /// <summary>
    /// The eigenvalues of T (unsorted) and its eigenvectors as the columns of an n×n row-major matrix, column c
    /// for value c.
    /// </summary>
    /// <param name="d">diagonal (n); destroyed.</param>
    /// <param name="e">off-diagonal (n, e[i] couples i and i+1).</param>
    public static (double[] Values, double[] Vectors) Solve(double[] d, double[] e)
    {
        var solver = new TridiagonalDivideAndConquer(d, e);
        solver.SolveBlock(0, d.Length);
        return (solver._values, solver._vectors);
    }

    // Rows and columns lo..lo+size of the vectors hold the block's eigenvectors once it returns.
    private void SolveBlock(int lo, int size)
    {
        if (size == 1)
        {
            _vectors[((long)lo * _n) + lo] = 1;
            _values[lo] = _d[lo];
            return;
        }

        // β·(e_a ± e_b)(e_a ± e_b)ᵀ with the sign of β holds the coupling and ρ = |β| on both diagonals.
        int half = size / 2;
        double beta = _e[lo + half - 1], rho = Math.Abs(beta);
        _d[lo + half - 1] -= rho;
        _d[lo + half] -= rho;
        SolveBlock(lo, half);
        SolveBlock(lo + half, size - half);
        new Merge(new MatrixView(_vectors, (lo * _n) + lo, _n), _values, lo, size, half, rho, beta < 0 ? -1 : 1).Run();
    }

    // One merge: the block's vectors hold diag(Q₁, Q₂) and values D₁, D₂ on entry, T's on return.
    private sealed class Merge(MatrixView block, double[] values, int first, int size, int half, double rho, int sign)
    {
        private readonly double[] _d = values.AsSpan(first, size).ToArray();
        private readonly double[] _z = new double[size];

        // 1: the column is nonzero above the split, 2: below it, 3: both (after a deflating rotation).
        private readonly byte[] _reach = new byte[size];
        private readonly List<int> _kept = [];
        private readonly List<int> _deflated = [];

        public void Run()
        {
            for (int c = 0; c < size; c++)
            {
                _z[c] = c < half ? block.At(half - 1, c) : sign * block.At(half, c);
                _reach[c] = (byte)(c < half ? 1 : 2);
            }

            double norm = Math.Sqrt(_z.Sum(x => x * x));
            if (norm > 0)
            {
                for (int c = 0; c < size; c++) _z[c] /= norm;
            }

            rho *= norm * norm;
            Deflate();
            int k = _kept.Count;
            double[] kept = [.. _kept.Select(c => _d[c])], keptZ = [.. _kept.Select(c => _z[c])];
            var (origin, tau) = k == 0 ? ([], []) : SecularEquation.Roots(kept, keptZ, rho);
            var deflatedColumns = Gather([.. _deflated], 0, size);
            if (k > 0) MultiplyKept(kept, keptZ, origin, tau);
            Scatter(deflatedColumns, _deflated.Count, k);
            for (int i = 0; i < k; i++) values[first + i] = kept[origin[i]] + tau[i];
            for (int t = 0; t < _deflated.Count; t++) values[first + k + t] = _d[_deflated[t]];
        }

        // Walks D in ascending order, setting aside (deflating) each eigenpair the rank-one term cannot move
        // beyond rounding; what is kept stays strictly ascending.
        private void Deflate()
        {
            int[] order = Enumerable.Range(0, size).ToArray();
            Array.Sort([.. _d], order);
            double tolerance = 8 * Epsilon * Math.Max(_d.Max(Math.Abs), rho);
            int previous = -1;
            foreach (int c in order)
            {
                if (rho * Math.Abs(_z[c]) <= tolerance) _deflated.Add(c);
                else if (previous < 0) previous = c;
                else
                {
                    if (!DeflatePair(previous, c, tolerance)) _kept.Add(previous);
                    previous = c;
                }
            }

            if (previous >= 0) _kept.Add(previous);
        }

        // A rotation of columns p and c that moves z_p into z_c; if the coupling it leaves between their
        // eigenvalues is below rounding, p is deflated with its rotated column and eigenvalue.
        private bool DeflatePair(int p, int c, double tolerance)
        {
            double length = double.Hypot(_z[c], _z[p]), cos = _z[c] / length, sin = -_z[p] / length;
            if (Math.Abs((_d[c] - _d[p]) * cos * sin) > tolerance) return false;
            for (int r = 0; r < size; r++)
            {
                double x = block.At(r, p), y = block.At(r, c);
                block.At(r, p) = (cos * x) + (sin * y);
                block.At(r, c) = (cos * y) - (sin * x);
            }

            (_d[p], _d[c]) = ((_d[p] * cos * cos) + (_d[c] * sin * sin), (_d[p] * sin * sin) + (_d[c] * cos * cos));
            (_z[p], _z[c]) = (0, length);
            _reach[c] |= _reach[p];
            _deflated.Add(p);
            return true;
        }

        // The kept columns ordered by reach (above only, both, below only) so the rows above the split read
        // the first two groups and the rows below the last two, each as one contiguous range; then both GEMMs.
        private void MultiplyKept(double[] kept, double[] keptZ, int[] origin, double[] tau)
        {
            int k = _kept.Count;
            int[] byReach = [.. Enumerable.Range(0, k).OrderBy(j => _reach[_kept[j]] switch { 1 => 0, 3 => 1, _ => 2 })];
            int aboveOnly = byReach.Count(j => _reach[_kept[j]] == 1), above = byReach.Count(j => (_reach[_kept[j]] & 1) != 0), below = k - aboveOnly;
            var column = new int[k];
            for (int position = 0; position < k; position++) column[byReach[position]] = position;

            double[] zhat = SecularEquation.LoewnerVector(kept, keptZ, rho, origin, tau);
            var rows = new double[(long)k * k];
            SecularEquation.Eigenvectors(kept, zhat, origin, tau, column, rows);

            int[] columns = [.. byReach.Select(j => _kept[j])];
            var top = Gather(columns[..above], 0, half);
            var bottom = Gather(columns[aboveOnly..], half, size - half);
            Gemm64.Multiply(half, k, above, 1.0, new MatrixView(top, 0, above), new MatrixView(rows, 0, k, Transposed: true), block, accumulate: false);
            Gemm64.Multiply(size - half, k, below, 1.0, new MatrixView(bottom, 0, below), new MatrixView(rows, aboveOnly, k, Transposed: true), block.Slice(half, 0), accumulate: false);
        }

        // Rows first..first+count of the given columns, as a row-major count × columns.Length copy.
        private double[] Gather(int[] columns, int first, int count)
        {
            var copy = new double[(long)count * columns.Length];
            for (int r = 0; r < count; r++)
            {
                for (int a = 0; a < columns.Length; a++) copy[(r * columns.Length) + a] = block.At(first + r, columns[a]);
            }

            return copy;
        }

        private void Scatter(double[] columns, int count, int firstColumn)
        {
            for (int r = 0; r < size; r++)
            {
                for (int a = 0; a < count; a++) block.At(r, firstColumn + a) = columns[(r * count) + a];
            }
        }
    }
}
