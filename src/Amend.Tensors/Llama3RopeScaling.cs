namespace Amend.Tensors;

/// <summary>
/// The <c>rope_scaling</c> block of a Llama 3.1+ <c>config.json</c> with <c>"rope_type": "llama3"</c>: inverse
/// frequencies whose wavelength exceeds <c>original_max_position_embeddings / low_freq_factor</c> are divided
/// by <see cref="Factor"/>, those below <c>original_max_position_embeddings / high_freq_factor</c> are kept,
/// and those between are interpolated (transformers' <c>_compute_llama3_parameters</c>).
/// </summary>
/// <param name="Factor">Divides the low frequencies (<c>factor</c>, 8 for Llama 3.1).</param>
/// <param name="LowFreqFactor"><c>low_freq_factor</c> (1 for Llama 3.1).</param>
/// <param name="HighFreqFactor"><c>high_freq_factor</c> (4 for Llama 3.1); must exceed <paramref name="LowFreqFactor"/>.</param>
/// <param name="OriginalMaxPositionEmbeddings"><c>original_max_position_embeddings</c> (8192 for Llama 3.1).</param>
public sealed record Llama3RopeScaling(double Factor, double LowFreqFactor, double HighFreqFactor, int OriginalMaxPositionEmbeddings)
{
    /// <summary>Scales one inverse frequency (radians per position).</summary>
    /// <exception cref="ArgumentException">A parameter is non-positive, or HighFreqFactor ≤ LowFreqFactor.</exception>
    public double Scale(double inverseFrequency)
    {
        Validate();
        double lowFreqWavelength = OriginalMaxPositionEmbeddings / LowFreqFactor;
        double highFreqWavelength = OriginalMaxPositionEmbeddings / HighFreqFactor;
        double wavelength = 2 * Math.PI / inverseFrequency;
        if (wavelength < highFreqWavelength) return inverseFrequency;
        if (wavelength > lowFreqWavelength) return inverseFrequency / Factor;
        double smooth = ((OriginalMaxPositionEmbeddings / wavelength) - LowFreqFactor) / (HighFreqFactor - LowFreqFactor);
        return ((1 - smooth) * inverseFrequency / Factor) + (smooth * inverseFrequency);
    }

    private void Validate()
    {
        if (!(Factor > 0)) throw new ArgumentException($"Llama3RopeScaling.Factor must be positive, got {Factor}");
        if (!(LowFreqFactor > 0)) throw new ArgumentException($"Llama3RopeScaling.LowFreqFactor must be positive, got {LowFreqFactor}");
        if (!(HighFreqFactor > LowFreqFactor)) throw new ArgumentException($"Llama3RopeScaling.HighFreqFactor ({HighFreqFactor}) must exceed LowFreqFactor ({LowFreqFactor})");
        if (OriginalMaxPositionEmbeddings <= 0) throw new ArgumentException($"Llama3RopeScaling.OriginalMaxPositionEmbeddings must be positive, got {OriginalMaxPositionEmbeddings}");
    }
}
