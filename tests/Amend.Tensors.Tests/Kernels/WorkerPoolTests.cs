using Amend.Tensors.Kernels;

namespace Amend.Tensors.Tests.Kernels;

public sealed class WorkerPoolTests
{
    [Fact]
    public void Run_ExecutesEveryChunkExactlyOnce()
    {
        var work = new CountingWork(1000);

        WorkerPool.Shared.Run(work, 1000);

        Assert.All(work.Counts, count => Assert.Equal(1, count));
    }

    [Fact]
    public void Run_CompletesNestedCalls_OnTheCallingThread()
    {
        // A chunk that itself runs a batch must not wait for the workers its caller holds.
        var inner = new CountingWork(50);
        var outer = new NestedWork(inner);

        WorkerPool.Shared.Run(outer, 4);

        Assert.All(inner.Counts, count => Assert.Equal(4, count));
    }

    [Fact]
    public void Run_Throws_WhenAChunkThrows_AndStaysUsable()
    {
        var error = Assert.Throws<InvalidOperationException>(() => WorkerPool.Shared.Run(new FailingWork(), 8));
        Assert.Equal("chunk 5 fails", error.Message);

        var work = new CountingWork(8);
        WorkerPool.Shared.Run(work, 8);
        Assert.All(work.Counts, count => Assert.Equal(1, count));
    }

    private sealed class CountingWork(int chunks) : IChunkedWork
    {
        public int[] Counts { get; } = new int[chunks];

        public void Execute(int chunk) => Interlocked.Increment(ref Counts[chunk]);
    }

    private sealed class NestedWork(CountingWork inner) : IChunkedWork
    {
        public void Execute(int chunk) => WorkerPool.Shared.Run(inner, inner.Counts.Length);
    }

    private sealed class FailingWork : IChunkedWork
    {
        public void Execute(int chunk)
        {
            if (chunk == 5) throw new InvalidOperationException("chunk 5 fails");
        }
    }
}
