namespace Amend.Tensors.Tests;

public sealed class MatMulHalfPrecisionTests
{
    [Theory]
    [InlineData(DType.Float16)]
    [InlineData(DType.BFloat16)]
    public void MatMul_WithHalfWeight_EqualsMatMulWithItsFloat32Widening(DType dtype)
    {
        // Given activations (2, 5, 24) and a half-precision weight (24, 40), also viewed transposed
        var random = new Random(3);
        var x = Tensor.Randn(new Shape(2, 5, 24), random);
        var weight = Tensor.Randn(new Shape(24, 40), random).ToDType(dtype);
        var weightT = Tensor.Randn(new Shape(40, 24), random).ToDType(dtype).TransposeLast();

        // When multiplied directly (read in place) and through a float32 copy
        var direct = x.MatMul(weight);
        var directT = x.MatMul(weightT);

        // Then the values agree
        TensorAssert.Close(x.MatMul(weight.ToFloat32()), direct, rtol: 1e-5, atol: 1e-5);
        TensorAssert.Close(x.MatMul(weightT.ToFloat32()), directT, rtol: 1e-5, atol: 1e-5);
    }

    [Fact]
    public void MatMul_OverManySmallBatchEntries_MatchesEachEntryAlone()
    {
        // Given 12 heads of (9, 16) · (16, 9), which run one head per thread
        var random = new Random(4);
        var q = Tensor.Randn(new Shape(12, 9, 16), random);
        var kT = Tensor.Randn(new Shape(12, 9, 16), random).TransposeLast();

        var scores = q.MatMul(kT);

        for (int h = 0; h < 12; h++)
        {
            var alone = q.Narrow(0, h, 1).Squeeze(0).MatMul(kT.Narrow(0, h, 1).Squeeze(0));
            TensorAssert.Close(alone.ToArray(), scores.Narrow(0, h, 1).ToArray(), rtol: 1e-6, atol: 1e-6, what: $"head {h}");
        }
    }
}
