namespace Amend.Tensors.Autograd;

/// <summary>The recorded operations; <see cref="Backward"/> holds one case per kind.</summary>
internal enum OpKind
{
    Reshape,
    Copy,
    Permute,
    Narrow,
    Expand,
    Add,
    Sub,
    Mul,
    Div,
    Neg,
    Pow,
    Exp,
    Log,
    Sqrt,
    Tanh,
    Sigmoid,
    Relu,
    Abs,
    Clamp,
    Sum,
    Max,
    Cat,
    IndexSelect,
    ScatterAdd,
    Where,
    MatMul,
}
