using Amend.Models.Architectures;

namespace Amend.Models.Layers;

/// <summary>Builds a model's rotary frequencies from its config values.</summary>
internal static class RotaryEmbedding
{
    public static RotaryFrequencies Frequencies(int rotaryDim, double theta, RopeScaling? scaling) => scaling?.Type switch
    {
        null => RotaryFrequencies.Create(rotaryDim, theta),
        "llama3" => RotaryFrequencies.Create(rotaryDim, theta, new Llama3RopeScaling(scaling.Factor, scaling.LowFreqFactor, scaling.HighFreqFactor, scaling.OriginalMaxPositions)),
        "linear" => RotaryFrequencies.Create(rotaryDim, theta, linearFactor: scaling.Factor),
        _ => throw new ArgumentException($"rope scaling \"{scaling.Type}\" is not supported", nameof(scaling)),
    };
}
