using Amend.Editing.Shared;
using Amend.Models.Architectures;

namespace Amend.Editing.Tests.Shared;

public sealed class RankOneUpdateTests
{
    [Theory]
    [InlineData(WeightLayout.InByOut)]
    [InlineData(WeightLayout.OutByIn)]
    public void Update_MapsTheKeyToTheTarget(WeightLayout layout)
    {
        // Given W, a key, a target value and a unit left vector
        var random = new Random(3);
        const int inWidth = 6, outWidth = 4;
        var weight = Tensor.Randn(layout == WeightLayout.InByOut ? new Shape(inWidth, outWidth) : new Shape(outWidth, inWidth), random);
        var key = Tensor.Randn(new Shape(inWidth), random);
        var target = Tensor.Randn(new Shape(outWidth), random);
        var u = Tensor.Randn(new Shape(inWidth), random);
        u = u.MulScalar(1f / MathF.Sqrt(u.Square().Sum().Item()));

        // When
        var v = RankOneUpdate.RightVector(target, Apply(weight, key, layout), key, u);
        var edited = weight.Add(RankOneUpdate.Matrix(u, v, layout));

        // Then: W'·k* = v*
        Assert.Equal(weight.Shape, edited.Shape);
        TensorAssert.Close(target, Apply(edited, key, layout), rtol: 1e-4, atol: 1e-5, what: "W'k*");
    }

    [Fact]
    public void RightVector_KeyOrthogonalToU_Throws()
    {
        var error = Assert.Throws<ArithmeticException>(() =>
            RankOneUpdate.RightVector(Tensor.Ones(2), Tensor.Zeros(2), Tensor.FromArray([1f, 0f], 2), Tensor.FromArray([0f, 1f], 2)));
        Assert.Contains("k·u = 0", error.Message, StringComparison.Ordinal);
    }

    // y = W·k for (out, in), kᵀ·W for (in, out)
    private static Tensor Apply(Tensor weight, Tensor key, WeightLayout layout) => layout == WeightLayout.InByOut
        ? key.Reshape(1, -1).MatMul(weight).Reshape(-1)
        : weight.MatMul(key.Reshape(-1, 1)).Reshape(-1);
}
