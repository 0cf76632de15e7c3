namespace Amend.Tensors.Linalg;

/// <summary>
/// An LU factorisation found no usable pivot in a column: the matrix is singular to working precision,
/// so a solve or inverse would be dominated by rounding error.
/// </summary>
public sealed class SingularMatrixException : ArithmeticException
{
    /// <summary>Creates the exception for the column without a pivot.</summary>
    public SingularMatrixException(int column, double pivotValue, double threshold)
        : base($"LU: the matrix is singular to working precision: column {column} has no pivot larger than {threshold:G3} " +
               $"(n·ε·largest |entry| of that column); the best candidate was {pivotValue:G6}. Regularise it (add λI) or remove dependent rows")
    {
        Column = column;
        PivotValue = pivotValue;
    }

    /// <summary>Zero-based column whose pivot failed.</summary>
    public int Column { get; }

    /// <summary>The largest remaining candidate in that column.</summary>
    public double PivotValue { get; }
}
