namespace Amend.Tensors;

/// <summary>Sizes and names of <see cref="DType"/> values.</summary>
public static class DTypeExtensions
{
    /// <summary>Bytes per element of the storage type.</summary>
    public static int ByteSize(this DType dtype) => dtype == DType.Float32 ? 4 : 2;

    /// <summary>The dtype's name as safetensors writes it ("F32", "F16", "BF16").</summary>
    public static string SafetensorsName(this DType dtype) => dtype switch
    {
        DType.Float32 => "F32",
        DType.Float16 => "F16",
        DType.BFloat16 => "BF16",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };
}
