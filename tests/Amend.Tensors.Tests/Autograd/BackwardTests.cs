using Amend.Tensors.Autograd;

namespace Amend.Tensors.Tests.Autograd;

public sealed class BackwardTests
{
    [Fact]
    public void MatMul_Gradients_MatchFiniteDifferences()
    {
        // d(Σ w∘(A·B))/dA = w·Bᵀ and /dB = Aᵀ·w
        var random = new Random(3);
        GradientCheck.Assert(x => x[0].MatMul(x[1]), [Tensor.Randn(new Shape(3, 4), random), Tensor.Randn(new Shape(4, 2), random)]);
    }

    [Fact]
    public void BatchedMatMul_WithSharedWeight_SumsWeightGradientOverBatch()
    {
        var random = new Random(4);
        GradientCheck.Assert(x => x[0].MatMul(x[1]), [Tensor.Randn(new Shape(2, 3, 4), random), Tensor.Randn(new Shape(4, 5), random)]);
    }

    [Fact]
    public void Views_PassGradientsThrough()
    {
        // Narrow, permute, reshape and expand of a non-contiguous input, then a matmul
        var random = new Random(5);
        GradientCheck.Assert(
            x => x[0].Transpose(0, 1).Narrow(0, 1, 2).Reshape(2, 1, 3).Expand(new Shape(2, 4, 3)).MatMul(x[1]),
            [Tensor.Randn(new Shape(3, 4), random), Tensor.Randn(new Shape(3, 2), random)]);
    }

    [Fact]
    public void Backward_MatchesFiniteDifferences_ThroughABatchWithUnitAxes()
    {
        var random = new Random(6);
        GradientCheck.Assert(
            x => x[0].Reshape(3, 2, 1, 2, 3).Narrow(0, 1, 1).Permute(1, 2, 0, 3, 4).MatMul(x[1]),
            [Tensor.Randn(new Shape(36), random), Tensor.Randn(new Shape(3, 2), random)]);
    }

    [Fact]
    public void Backward_Twice_ThroughTheSameGraph_Throws()
    {
        var w = Tensor.Randn(new Shape(2, 2), new Random(1)).RequireGrad();
        var y = w.MatMul(w).Reshape(4).Narrow(0, 0, 1);
        y.Backward();

        Assert.Throws<InvalidOperationException>(() => y.Backward());
    }

    [Fact]
    public void NoGradScope_RecordsNothing()
    {
        var w = Tensor.Randn(new Shape(2, 2), new Random(1)).RequireGrad();

        Tensor y;
        using (GradMode.Disable()) y = w.MatMul(w);

        Assert.False(y.RequiresGrad);
        Assert.True(GradMode.IsEnabled);
    }

    [Fact]
    public void NoGradScope_DisposedTwiceOrDefault_LeavesRecordingOn()
    {
        var scope = GradMode.Disable();
        scope.Dispose();
        scope.Dispose();
        default(GradMode.NoGradScope).Dispose();

        Assert.True(GradMode.IsEnabled);
    }

    [Fact]
    public void NoGradScope_EndedBeforeAnInnerOne_Throws()
    {
        var outer = GradMode.Disable();
        var inner = GradMode.Disable();

        Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        inner.Dispose();
        outer.Dispose();
        Assert.True(GradMode.IsEnabled);
    }

    [Fact]
    public void Backward_KeepsOnlyLeafGradients()
    {
        var a = Tensor.Randn(new Shape(2, 3), new Random(1)).RequireGrad();
        var b = Tensor.Randn(new Shape(3, 1), new Random(2));

        var grads = a.MatMul(b).Reshape(2).Narrow(0, 1, 1).Backward();

        Assert.Equal(1, grads.Count);
        Assert.Equal(a.Shape, grads[a].Shape);
        Assert.Null(grads.Get(b));
    }
}
