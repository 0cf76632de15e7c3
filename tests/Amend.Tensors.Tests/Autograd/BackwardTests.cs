using System.Runtime.CompilerServices;
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
    public void Backward_LetsGoOfEachIntermediate_OnceItsStepIsDone()
    {
        var x = Tensor.Randn(new Shape(1000), new Random(7)).RequireGrad();
        var (loss, middle) = ExpOfExp(x);
        bool? middleAliveAtEnd = null;

        // Steps run loss, middle, first; after the first's step nothing may hold the middle tensor any more.
        var grads = Backward.Run(loss, Tensor.Ones(), left =>
        {
            if (left > 0) return;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            middleAliveAtEnd = middle.IsAlive;
        });

        Assert.False(middleAliveAtEnd);
        Assert.Equal(x.Shape, grads[x].Shape);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Tensor Loss, WeakReference Middle) ExpOfExp(Tensor x)
    {
        var middle = x.Exp().Exp();
        return (middle.Sum(), new WeakReference(middle));
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
    public void NoGradScope_DisposedAgainInsideALaterScope_LeavesThatScopeOn()
    {
        var ended = GradMode.Disable();
        ended.Dispose();
        using (GradMode.Disable())
        {
            ended.Dispose();

            Assert.False(GradMode.IsEnabled);
            var w = Tensor.Ones(2).RequireGrad();
            Assert.False(w.Mul(w).RequiresGrad);
        }

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

    [Fact]
    public void SeveralNarrowsAndAWholeUseOfOneTensor_SumTheirGradients_MatchFiniteDifferences()
    {
        // Overlapping slices of x₀ on both axes, and x₀ itself through a matmul: its gradient is summed in place.
        var random = new Random(7);
        GradientCheck.Assert(
            x => x[0].Narrow(1, 0, 3).Mul(x[0].Narrow(1, 3, 3)).Add(x[0].Narrow(1, 1, 3).Mul(x[1])).Add(x[0].Narrow(1, 2, 3)).Add(x[0].MatMul(x[2])).Narrow(0, 1, 3).Add(x[0].Narrow(0, 0, 3).Narrow(1, 2, 3)),
            [Tensor.Randn(new Shape(4, 6), random), Tensor.Randn(new Shape(4, 3), random), Tensor.Randn(new Shape(6, 3), random)]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AGradientSentToTwoInputs_IsNotChangedWhenOneOfThemLaterReceivesMore(bool extraTermFirst)
    {
        // u = a + b is read twice, so its gradient w + v is a sum the store made; backward of the add hands that
        // same buffer to a and to b, and a then receives 3 more, which must not reach b.
        var a = Tensor.FromArray([1f, 2f, 3f], 3).RequireGrad();
        var b = Tensor.FromArray([4f, 5f, 6f], 3).RequireGrad();
        var w = Tensor.FromArray([0.5f, -1f, 2f], 3);
        var v = Tensor.FromArray([1f, 1f, -3f], 3);
        var u = a.Add(b);
        var usesOfU = u.Mul(w).Sum().Add(u.Mul(v).Sum());
        var extra = a.MulScalar(3).Sum();

        var grads = (extraTermFirst ? extra.Add(usesOfU) : usesOfU.Add(extra)).Backward();

        Assert.Equal([4.5f, 3f, 2f], grads[a].ToArray());
        Assert.Equal([1.5f, 0f, -1f], grads[b].ToArray());
    }

    [Fact]
    public void ATiedEmbedding_LookedUpAndReadAsATransposedHead_SumsBothGradients_MatchFiniteDifferences()
    {
        // GPT-2's wte: rows looked up (ids repeat), then the same matrix as the LM head through a transposed view; the
        // head's gradient arrives first and the lookup's is scattered into it.
        var random = new Random(8);
        GradientCheck.Assert(
            x => Tensor.Embedding(x[0], [1, 3, 1, 5], new Shape(4)).Mul(x[1]).MatMul(x[0].TransposeLast()),
            [Tensor.Randn(new Shape(6, 4), random), Tensor.Randn(new Shape(4, 4), random)]);
    }

    [Fact]
    public void ALookupAlongTheLastAxis_WhoseGradientArrivesFirst_MatchesFiniteDifferences()
    {
        var random = new Random(9);
        GradientCheck.Assert(
            x => x[0].IndexSelect(1, [2, 0, 2]).Sum(1).Reshape(3, 1).Add(x[1].MatMul(x[0].TransposeLast()).TransposeLast()),
            [Tensor.Randn(new Shape(3, 4), random), Tensor.Randn(new Shape(2, 4), random)]);
    }

    [Fact]
    public void AWeightReadThroughItsTranspose_GetsItsGradientInItsOwnLayout()
    {
        // y = x·Wᵀ (a Linear stored out × in): dW = dyᵀ·x, made contiguous in W's layout rather than as a transposed view.
        var random = new Random(10);
        var w = Tensor.Randn(new Shape(5, 3), random).RequireGrad();
        var x = Tensor.Randn(new Shape(2, 4, 3), random);
        var dy = Tensor.Randn(new Shape(2, 4, 5), random);

        var gradient = x.MatMul(w.TransposeLast()).Backward(dy)[w];

        Assert.True(gradient.IsContiguous);
        TensorAssert.Close(dy.Reshape(8, 5).TransposeLast().MatMul(x.Reshape(8, 3)).ToArray(), gradient.ToArray(), 1e-5, 1e-5, "dW");
    }

    [Fact]
    public void AGradientPassedOnByAReshape_ThenAddedInto_LeavesTheOtherReadersGradientsAlone()
    {
        // h = x·W is read by a reshape and by a second matmul; x and W each get two contributions, summed in place.
        var random = new Random(11);
        GradientCheck.Assert(
            x => x[0].MatMul(x[1]).Reshape(12).Narrow(0, 2, 6).Reshape(2, 3).Add(x[0].MatMul(x[1]).Narrow(0, 1, 2)).MatMul(x[1].TransposeLast()),
            [Tensor.Randn(new Shape(4, 3), random), Tensor.Randn(new Shape(3, 3), random)]);
    }

    [Fact]
    public void AResidualConnection_WhoseMatMulGradientArrivesSecond_SumsBoth_MatchFiniteDifferences()
    {
        // x + x·W: the add hands x the incoming gradient itself (shared), then the matmul a new buffer, which becomes
        // the sum that the shared one is added into.
        var random = new Random(12);
        GradientCheck.Assert(x => x[0].MatMul(x[1]).Add(x[0]), [Tensor.Randn(new Shape(3, 3), random), Tensor.Randn(new Shape(3, 3), random)]);
    }
}
