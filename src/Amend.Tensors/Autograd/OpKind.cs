namespace Amend.Tensors.Autograd;

/// <summary>The recorded operations; <see cref="Backward"/> holds one case per kind.</summary>
internal enum OpKind
{
    Reshape,
    Copy,
    Permute,
    Narrow,
    Expand,
    MatMul,
    Gelu,
    GeluTanh,
    Silu,
    Softmax,
    LogSoftmax,
    LayerNorm,
    RmsNorm,
    Attention,
    Rotary,
    CrossEntropy,
    KlDivergence,
    Dropout,
}
