namespace Amend.Tensors;

/// <summary>Element type of a tensor's storage. Compute is always float32; half types are widened on read.</summary>
public enum DType
{
    /// <summary>IEEE 754 single precision, 4 bytes. The only type kernels compute in.</summary>
    Float32,

    /// <summary>IEEE 754 half precision, 2 bytes (safetensors "F16").</summary>
    Float16,

    /// <summary>bfloat16: the upper 16 bits of a float32, 2 bytes (safetensors "BF16").</summary>
    BFloat16,
}
