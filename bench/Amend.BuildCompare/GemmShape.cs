namespace Amend.BuildCompare;

/// <summary>One GEMM to time: C[m×n] = op(A)[m×k]·op(B)[k×n], in float32 or (<paramref name="Double"/>) in float64.</summary>
internal sealed record GemmShape(int M, int K, int N, bool TransA, bool TransB, bool Double = false)
{
    public double Flops => 2.0 * M * K * N;

    /// <summary>Parses "m,k,n" with optional ",ta", ",tb" and ",f64" (the float64 <c>Matrix64.Multiply</c>).</summary>
    public static GemmShape Parse(string text)
    {
        string[] parts = text.Split(',');
        if (parts.Length < 3 || !int.TryParse(parts[0], out int m) || !int.TryParse(parts[1], out int k) || !int.TryParse(parts[2], out int n) || m < 1 || k < 1 || n < 1)
        {
            throw new ArgumentException($"shape '{text}': expected m,k,n (positive integers) with optional ,ta, ,tb and ,f64");
        }

        var flags = parts[3..];
        foreach (string flag in flags)
        {
            if (flag is not ("ta" or "tb" or "f64")) throw new ArgumentException($"shape '{text}': unknown flag '{flag}' (ta, tb or f64)");
        }

        return new GemmShape(m, k, n, flags.Contains("ta"), flags.Contains("tb"), flags.Contains("f64"));
    }
}
