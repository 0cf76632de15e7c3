using Amend.Tensors;

namespace Amend.Models.Checkpoints;

/// <summary>The dtype names the safetensors format defines, their sizes, and which of them Amend loads.</summary>
internal static class SafetensorsDTypes
{
    /// <summary>
    /// Bits per element of <paramref name="name"/> for every dtype of safetensors 0.8 (sub-byte types pack
    /// several elements per byte), or null for a name the format does not define: then nobody can know how
    /// many bytes the tensor should span, so it is a format error.
    /// </summary>
    public static int? BitsOf(string name) => name switch
    {
        "F4" => 4,
        "F6_E2M3" or "F6_E3M2" => 6,
        "BOOL" or "U8" or "I8" or "F8_E5M2" or "F8_E4M3" or "F8_E8M0" or "F8_E4M3FNUZ" or "F8_E5M2FNUZ" => 8,
        "I16" or "U16" or "F16" or "BF16" => 16,
        "I32" or "U32" or "F32" => 32,
        "C64" or "F64" or "I64" or "U64" => 64,
        _ => null,
    };

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
