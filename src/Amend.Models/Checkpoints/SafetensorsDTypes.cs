using Amend.Tensors;

namespace Amend.Models.Checkpoints;

/// <summary>The dtype names the safetensors format defines, their sizes, and which of them Amend loads.</summary>
internal static class SafetensorsDTypes
{
    // Bits per element for every dtype of safetensors 0.8 (sub-byte types pack several elements per byte).
    // A name outside this table is a format error: we cannot know how many bytes the tensor should span.
    private static readonly Dictionary<string, int> s_bits = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 8, ["F4"] = 4, ["F6_E2M3"] = 6, ["F6_E3M2"] = 6, ["U8"] = 8, ["I8"] = 8,
        ["F8_E5M2"] = 8, ["F8_E4M3"] = 8, ["F8_E8M0"] = 8, ["F8_E4M3FNUZ"] = 8, ["F8_E5M2FNUZ"] = 8,
        ["I16"] = 16, ["U16"] = 16, ["F16"] = 16, ["BF16"] = 16, ["I32"] = 32, ["U32"] = 32, ["F32"] = 32,
        ["C64"] = 64, ["F64"] = 64, ["I64"] = 64, ["U64"] = 64,
    };

    /// <summary>Bits per element of <paramref name="name"/>, or null when the format does not define it.</summary>
    public static int? BitsOf(string name) => s_bits.TryGetValue(name, out int bits) ? bits : null;

    /// <summary>
    /// The storage type a tensor of this dtype loads as. F64 narrows to Float32 (rounding to nearest):
    /// a few checkpoints store scalars or small buffers in double, and Amend computes in float32 anyway.
    /// Integer, boolean, 8-bit and sub-byte float types are not weights Amend can compute with: null.
    /// </summary>
    public static DType? LoadedAs(string name) => name switch
    {
        "F32" or "F64" => DType.Float32,
        "F16" => DType.Float16,
        "BF16" => DType.BFloat16,
        _ => null,
    };

    /// <summary>
    /// Serialisation order of the reference writer: larger element types first (so every tensor starts
    /// at an offset aligned to its element size), BF16 before F16 as in its dtype enum.
    /// </summary>
    public static int AlignmentRank(DType dtype) => dtype switch
    {
        DType.Float32 => 0,
        DType.BFloat16 => 1,
        _ => 2,
    };
}
