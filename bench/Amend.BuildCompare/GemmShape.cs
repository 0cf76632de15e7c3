namespace Amend.BuildCompare;

/// <summary>One GEMM to time: C[m×n] = op(A)[m×k]·op(B)[k×n].</summary>
internal sealed record GemmShape(int M, int K, int N, bool TransA, bool TransB)
{
    public double Flops => 2.0 * M * K * N;

    /// <summary>Parses "m,k,n" with optional ",ta" and ",tb".</summary>
    public static GemmShape Parse(string text)
    {
        string[] parts = text.Split(',');
        if (parts.Length < 3 || !int.TryParse(parts[0], out int m) || !int.TryParse(parts[1], out int k) || !int.TryParse(parts[2], out int n) || m < 1 || k < 1 || n < 1)
        {
            throw new ArgumentException($"shape '{text}': expected m,k,n (positive integers) with optional ,ta and ,tb");
        }

        var flags = parts[3..];
        foreach (string flag in flags)
        {
            if (flag is not ("ta" or "tb")) throw new ArgumentException($"shape '{text}': unknown flag '{flag}' (ta or tb)");
        }

        return new GemmShape(m, k, n, flags.Contains("ta"), flags.Contains("tb"));
    }
}
