using Amend.Tensors.Linalg;
using Amend.Tensors.Optim;

namespace Amend.Tensors.Tests;

// Bad arguments to the public surface: each gives an exception that says what was wrong, never a
// NullReferenceException, OverflowException or IndexOutOfRangeException from deep inside.
public sealed class ArgumentCheckTests
{
    [Fact]
    public void UnknownEnumValues_AreRefused_NamingTheOp()
    {
        var x = Tensor.Ones(2, 3);

        Assert.Contains("WrapHalfBits", Assert.Throws<ArgumentException>(() => Tensor.WrapHalfBits(new ushort[2], (DType)7, new Shape(2))).Message);
        Assert.Contains("ToDType", Assert.Throws<ArgumentOutOfRangeException>(() => x.ToDType((DType)9)).Message);
        Assert.Contains("CrossEntropy", Assert.Throws<ArgumentOutOfRangeException>(() => x.CrossEntropy([0, 1], reduction: (LossReduction)42)).Message);
        Assert.Contains("KlDivergence", Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.KlDivergence(x, x, (LossReduction)42)).Message);
        Assert.Contains("ApplyRotary", Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Ones(1, 1, 1, 4).ApplyRotary(RotaryFrequencies.Create(4), (RotaryLayout)7, [0])).Message);
    }

    [Fact]
    public void NullArguments_ThrowArgumentNullException()
    {
        var x = Tensor.Ones(2, 3);

        Assert.Throws<ArgumentNullException>(() => Tensor.Zeros((Shape)null!));
        Assert.Throws<ArgumentNullException>(() => Tensor.Full(null!, 1f));
        Assert.Throws<ArgumentNullException>(() => Tensor.Randn(null!, new Random(1)));
        Assert.Throws<ArgumentNullException>(() => Tensor.Uniform(null!, new Random(1)));
        Assert.Throws<ArgumentNullException>(() => x[null!]);
        Assert.Throws<ArgumentNullException>(() => x.Reshape((int[])null!));
        Assert.Throws<ArgumentNullException>(() => x.Permute(null!));
        Assert.Throws<ArgumentNullException>(() => x.Expand(null!));
        Assert.Throws<ArgumentNullException>(() => x.SumToShape(null!));
        Assert.Throws<ArgumentNullException>(() => Shape.Broadcast(null!, new Shape(2), "Add"));
    }

    [Fact]
    public void NegativeOrOverflowingSizes_AreRefused()
    {
        var x = Tensor.Ones(6);

        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Arange(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Shape(2, 3).CountRange(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Shape(2, 3).CountRange(-1, 1));
        Assert.Contains("extent -2", Assert.Throws<TensorShapeException>(() => x.Reshape(-2, -3)).Message);
        Assert.Contains("extent -2", Assert.Throws<TensorShapeException>(() => x.Reshape(-1, -2)).Message);
        Assert.Contains("(-1, 65537, 65535)", Assert.Throws<TensorShapeException>(() => x.Reshape(-1, 65537, 65535)).Message);
    }

    [Fact]
    public void ResultsTooLargeForAnArray_AreRefused_NamingTheOp()
    {
        // Operands with no elements on the other axes, so nothing large is allocated before the check.
        var matMul = Assert.Throws<TensorShapeException>(() => Tensor.Zeros(65536, 1).MatMul(Tensor.Zeros(1, 65536)));
        var attention = Assert.Throws<TensorShapeException>(() => Tensor.ScaledDotProductAttention(Tensor.Zeros(1, 1, 65536, 1), Tensor.Zeros(1, 1, 65536, 1), Tensor.Zeros(1, 1, 65536, 1), causal: false));
        var wide = Tensor.Zeros(0, int.MaxValue / 2 + 1);
        var cat = Assert.Throws<TensorShapeException>(() => Tensor.Cat(1, wide, wide));
        var broadcast = Assert.Throws<TensorShapeException>(() => Tensor.Zeros(65536, 1).Add(Tensor.Zeros(1, 65536)));

        Assert.StartsWith("MatMul: the result shape (65536, 65536) has more than", matMul.Message);
        Assert.Contains("65536 queries × 65536 keys", attention.Message);
        Assert.StartsWith("Cat:", cat.Message);
        Assert.StartsWith("Add:", broadcast.Message);
    }

    [Fact]
    public void IndexedAndReshapedResultsTooLargeForAnArray_NameTheOpAndTheInput()
    {
        var row = Tensor.Zeros(1, 65536);
        int[] ids = new int[65536];

        var reshape = Assert.Throws<TensorShapeException>(() => Tensor.Ones(6).Reshape(65537, 65535));
        var select = Assert.Throws<TensorShapeException>(() => row.IndexSelect(0, ids));
        var embedding = Assert.Throws<TensorShapeException>(() => Tensor.Embedding(Tensor.Zeros(2, 65536), ids, new Shape(65536)));
        var scatter = Assert.Throws<TensorShapeException>(() => row.ScatterAdd(0, ids, row));
        var arange = Assert.Throws<TensorShapeException>(() => Tensor.Arange(int.MaxValue));

        Assert.Equal("Reshape: cannot reshape (6) (6 elements) to (65537, 65535)", reshape.Message);
        Assert.StartsWith("IndexSelect: (1, 65536) with axis 0 of extent 65536: the result shape (65536, 65536) has more than", select.Message);
        Assert.StartsWith("Embedding: (2, 65536) with axis 0 of extent 65536: the result shape", embedding.Message);
        Assert.StartsWith("ScatterAdd: source shape (1, 65536) should be (65536, 65536)", scatter.Message);
        Assert.StartsWith("Arange: the result shape (2147483647) has more than", arange.Message);
    }

    [Fact]
    public void NonFiniteOrNegativeTolerances_AreRefused()
    {
        var x = Tensor.Ones(2, 3);

        Assert.Contains("LayerNorm", Assert.Throws<ArgumentOutOfRangeException>(() => x.LayerNorm(null, null, -1e-5f)).Message);
        Assert.Contains("RmsNorm", Assert.Throws<ArgumentOutOfRangeException>(() => x.RmsNorm(Tensor.Ones(3), float.NaN)).Message);
        Assert.Throws<ArgumentException>(() => SymmetricEigen.ProjectorBelow(Matrix64.Identity(2), double.NaN));
    }

    [Fact]
    public void ClipByGlobalNorm_RefusesANullParameter_ByPosition()
    {
        var w = Tensor.Ones(2).RequireGrad();
        var gradients = w.Sum().Backward();

        var error = Assert.Throws<ArgumentException>(() => GradientClipping.ClipByGlobalNorm([w, null!], gradients, 1));

        Assert.Contains("parameter 1 is null", error.Message);
    }
}
