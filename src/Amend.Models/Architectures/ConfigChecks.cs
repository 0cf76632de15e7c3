using Amend.Models.HuggingFace;

namespace Amend.Models.Architectures;

/// <summary>Consistency checks shared by the config records.</summary>
internal static class ConfigChecks
{
    public static void HeadsDivide(ConfigJson json, int hiddenSize, int numHeads)
    {
        if (numHeads <= 0 || hiddenSize <= 0) throw new ModelConfigException(json.Path, $"hidden size {hiddenSize} and head count {numHeads} must be positive");
        if (hiddenSize % numHeads != 0) throw new ModelConfigException(json.Path, $"hidden size {hiddenSize} is not divisible by the head count {numHeads}");
    }

    public static void Positive(ConfigJson json, string key, int value)
    {
        if (value <= 0) throw new ModelConfigException(json.Path, $"key \"{key}\" must be positive, got {value}");
    }
}
