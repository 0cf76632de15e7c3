namespace Amend.Tensors;

/// <summary>
/// The rotation speeds of rotary position embeddings: pair i of the first <see cref="RotaryDim"/>
/// coordinates of a head turns by p·θᵢ radians at position p, with θᵢ = base^(−2i/R) (optionally rescaled).
/// Also caches cos(p·θᵢ) and sin(p·θᵢ) per position, grown on demand and shared by every layer and thread.
/// </summary>
/// <remarks>
/// Values follow Hugging Face transformers in float32: θᵢ = 1 / base^(float(2i)/R) and the angle p·θᵢ is
/// a float32 product (as <c>inv_freq @ position_ids</c>), whose cosine and sine are then taken exactly.
/// </remarks>
public sealed class RotaryFrequencies
{
    private readonly object _growLock = new();
    private volatile RotaryTable _table;

    private RotaryFrequencies(int rotaryDim, float[] inverse)
    {
        RotaryDim = rotaryDim;
        Inverse = inverse;
        _table = new RotaryTable([], [], 0);
    }

    /// <summary>Number of coordinates rotated per head (even); the rest of each head passes through.</summary>
    public int RotaryDim { get; }

    /// <summary>θᵢ for i = 0 .. R/2 − 1, in radians per position.</summary>
    public IReadOnlyList<float> InverseFrequencies => Inverse;

    internal float[] Inverse { get; }

    /// <summary>
    /// The largest position id the cos/sin cache serves: 2²⁶ floats per table (256 MiB each), 1,048,575 for a
    /// head of 128 (past every context window of the supported models). A larger id is an error, not a
    /// gigabyte-sized cache or an overflowed array size.
    /// </summary>
    public int MaxPosition => (MaxTableFloats / Inverse.Length) - 1;

    private const int MaxTableFloats = 1 << 26;

    /// <summary>
    /// Frequencies for rotary dimension <paramref name="rotaryDim"/> (head_dim, or rotary_dim / rotary_pct·head_dim
    /// for partial rotary) and base <paramref name="theta"/> (<c>rope_theta</c>, 10000 unless the config says
    /// otherwise), optionally with Llama 3 frequency scaling.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="rotaryDim"/> is not a positive even number, <paramref name="theta"/> is not positive, or the scaling is invalid.</exception>
    /// <param name="rotaryDim">Coordinates rotated per head.</param>
    /// <param name="theta">The rotary base.</param>
    /// <param name="llama3Scaling">Llama 3 per-frequency scaling, or null.</param>
    /// <param name="linearFactor">Linear ("position interpolation") scaling: positions are divided by it, i.e. every θᵢ is; 1 for none.</param>
    public static RotaryFrequencies Create(int rotaryDim, double theta = 10000, Llama3RopeScaling? llama3Scaling = null, double linearFactor = 1)
    {
        if (!(linearFactor > 0)) throw new ArgumentException($"RotaryFrequencies: linear scaling factor must be positive, got {linearFactor}", nameof(linearFactor));
        if (rotaryDim <= 0 || rotaryDim % 2 != 0) throw new ArgumentException($"RotaryFrequencies: rotary dimension must be a positive even number, got {rotaryDim}", nameof(rotaryDim));
        if (!(theta > 0)) throw new ArgumentException($"RotaryFrequencies: rope_theta must be positive, got {theta}", nameof(theta));
        var inverse = new float[rotaryDim / 2];
        for (int i = 0; i < inverse.Length; i++)
        {
            float exponent = (float)(2 * i) / rotaryDim;
            inverse[i] = 1f / (float)Math.Pow(theta, exponent);
            if (llama3Scaling is not null) inverse[i] = (float)llama3Scaling.Scale(inverse[i]);
            inverse[i] = (float)(inverse[i] / linearFactor);
        }

        return new RotaryFrequencies(rotaryDim, inverse);
    }

    /// <summary>A table covering positions 0 .. <paramref name="maxPosition"/> (at most <see cref="MaxPosition"/>) at least.</summary>
    internal RotaryTable TableThrough(int maxPosition)
    {
        var table = _table;
        if (maxPosition < table.Positions) return table;
        lock (_growLock)
        {
            if (maxPosition >= _table.Positions) _table = Grow(_table, Math.Max(maxPosition + 1, Math.Min(2 * _table.Positions, MaxPosition + 1)));
            return _table;
        }
    }

    private RotaryTable Grow(RotaryTable old, int positions)
    {
        int half = Inverse.Length;
        var cos = new float[positions * half];
        var sin = new float[positions * half];
        old.Cos.CopyTo(cos, 0);
        old.Sin.CopyTo(sin, 0);
        for (int p = old.Positions; p < positions; p++)
        {
            for (int i = 0; i < half; i++)
            {
                float angle = p * Inverse[i];
                cos[(p * half) + i] = (float)Math.Cos(angle);
                sin[(p * half) + i] = (float)Math.Sin(angle);
            }
        }

        return new RotaryTable(cos, sin, positions);
    }
}

/// <summary>cos(p·θᵢ) and sin(p·θᵢ) for positions 0 .. Positions − 1, one row of R/2 values per position.</summary>
internal sealed record RotaryTable(float[] Cos, float[] Sin, int Positions);
