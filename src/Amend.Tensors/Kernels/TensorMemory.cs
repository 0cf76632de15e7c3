namespace Amend.Tensors.Kernels;

/// <summary>Row-major float32 access to a tensor's elements for kernels that run on several threads (spans cannot cross into lambdas).</summary>
internal static class TensorMemory
{
    /// <summary>The storage itself when the tensor is contiguous float32, else a widened row-major copy.</summary>
    public static ReadOnlyMemory<float> Read(Tensor tensor)
    {
        if (tensor.DType == DType.Float32 && tensor.IsContiguous) return new ReadOnlyMemory<float>(tensor.Storage.Single, tensor.Offset, tensor.ElementCount);
        return tensor.ToArray();
    }
}
