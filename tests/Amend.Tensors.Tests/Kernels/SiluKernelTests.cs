namespace Amend.Tensors.Tests.Kernels;

public sealed class SiluKernelTests
{
    [Fact]
    public void Silu_MatchesXTimesSigmoid()
    {
        var x = Enumerable.Range(0, 403).Select(i => -20f + (i * 0.1f)).ToArray();
        var expected = x.Select(v => (float)(v / (1 + Math.Exp(-v)))).ToArray();

        var actual = Tensor.FromArray(x, x.Length).Silu().ToArray();

        TensorAssert.Close(expected, actual, rtol: 1e-6, atol: 1e-30, "silu");
    }

    [Fact]
    public void Silu_KeepsShape_AndReadsNonContiguousViews()
    {
        var x = Tensor.Randn(new Shape(3, 5), new Random(2));

        var viaView = x.TransposeLast().Silu();
        var viaCopy = x.TransposeLast().Contiguous().Silu();

        Assert.Equal(new Shape(5, 3), viaView.Shape);
        TensorAssert.Close(viaCopy, viaView);
    }
}
