using Amend.Models.Hooks;

namespace Amend.Models.Tests.Hooks;

public sealed class HookRegistryTests
{
    private static readonly Tensor Weight = Tensor.FromArray([1f, 2, 3, 4], 2, 2);

    private static Tensor Module(Tensor x) => x.MatMul(Weight);

    [Fact]
    public void Run_WithoutTraces_JustRunsTheModule()
    {
        var registry = new HookRegistry();
        var x = Tensor.FromArray([1f, 1], 1, 2);

        var y = registry.Run(HookPoint.Mlp(0), x, Module);

        Assert.Equal([4, 6], y.ToArray());
    }

    [Fact]
    public void Trace_RetainsInputAndOutput_OnlyAtItsPoint()
    {
        var registry = new HookRegistry();
        var x = Tensor.FromArray([1f, 1], 1, 2);
        using var trace = new Trace(registry, HookPoint.Mlp(1), new TraceOptions { RetainInput = true });

        registry.Run(HookPoint.Mlp(0), x, Module);
        Assert.Null(trace.Output);
        registry.Run(HookPoint.Mlp(1), x, Module);

        Assert.Same(x, trace.Input);
        Assert.Equal([4, 6], trace.Output!.ToArray());
    }

    [Fact]
    public void EditInputAndOutput_ReplaceWhatFlows()
    {
        var registry = new HookRegistry();
        using var trace = new Trace(registry, HookPoint.Mlp(0), new TraceOptions
        {
            EditInput = _ => Tensor.FromArray([1f, 0], 1, 2),
            EditOutput = o => o.Reshape(2, 1),
        });

        var y = registry.Run(HookPoint.Mlp(0), Tensor.Zeros(1, 2), Module);

        Assert.Equal(new Shape(2, 1), y.Shape);
        Assert.Equal([1, 2], y.ToArray());
    }

    [Fact]
    public void StoppingTrace_ThrowsAfterTheModule_AndDisposeDetaches()
    {
        var registry = new HookRegistry();
        var trace = new Trace(registry, HookPoint.Block(2), new TraceOptions { Stop = true });

        var stopped = Assert.Throws<ForwardStoppedException>(() => registry.Run(HookPoint.Block(2), Tensor.Ones(1, 2), Module));
        Assert.Equal(HookPoint.Block(2), stopped.Point);
        Assert.NotNull(trace.Output);

        trace.Dispose();
        Assert.Equal(0, registry.Count);
        registry.Run(HookPoint.Block(2), Tensor.Ones(1, 2), Module);
    }

    [Fact]
    public void DeltaInsertedByEdit_ReceivesGradient()
    {
        // y = (x·W)·D, so dL/dD = (x·W)ᵀ · seed
        var registry = new HookRegistry();
        var delta = Tensor.FromArray([1f, 0, 0, 1], 2, 2).RequireGrad();
        using var trace = new Trace(registry, HookPoint.MlpOutputProjection(0), new TraceOptions { EditOutput = o => o.MatMul(delta) });

        var y = registry.Run(HookPoint.MlpOutputProjection(0), Tensor.FromArray([1f, 1], 1, 2), Module);
        var grads = y.Backward(Tensor.FromArray([1f, 0], 1, 2));

        Assert.Equal([4, 0, 6, 0], grads[delta].ToArray());
    }

    [Fact]
    public void TraceSet_ThatFailsToAttachOnePoint_LeavesNoTraceBehind()
    {
        var registry = new HookRegistry();
        HookPoint[] points = [HookPoint.Mlp(0), HookPoint.Mlp(1), null!];

        Assert.Throws<ArgumentNullException>(() => new TraceSet(registry, points));

        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void TraceSet_AttachesAndDetachesEveryPoint()
    {
        var registry = new HookRegistry();
        var points = Enumerable.Range(0, 3).Select(HookPoint.MlpOutputProjection).ToList();

        using (var set = new TraceSet(registry, points))
        {
            Assert.Equal(3, registry.Count);
            registry.Run(points[1], Tensor.Ones(1, 2), Module);
            Assert.NotNull(set[points[1]].Output);
            Assert.Null(set[points[0]].Output);
        }

        Assert.Equal(0, registry.Count);
    }
}
