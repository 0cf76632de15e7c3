using System.Runtime.ExceptionServices;

namespace Amend.Tensors.Kernels;

/// <summary>
/// Persistent worker threads for kernels. A call publishes a batch of numbered chunks; workers and the
/// caller take chunks through one shared counter, and the caller returns when every chunk is done.
/// Workers spin briefly between calls (back-to-back GEMMs then start in well under a microsecond, where
/// waking a Parallel.For task costs several), and sleep on a monitor after that.
/// </summary>
/// <remarks>
/// One call at a time owns the workers. A call that finds them busy (another thread's GEMM, or a GEMM
/// issued from inside a chunk) runs its chunks on its own thread, so nesting cannot deadlock. The caller
/// waits for chunks, not for workers: a worker that wakes late finds its batch exhausted and goes back.
/// </remarks>
internal sealed class WorkerPool
{
    // How long an idle worker keeps polling for the next call before it sleeps (200 µs).
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000;

    private readonly object gate = new();
    private Batch? current;
    private int generation;
    private int busy;

    private WorkerPool(int threads)
    {
        Threads = Math.Max(1, threads);
        for (int i = 1; i < Threads; i++)
        {
            var thread = new Thread(WorkerLoop) { IsBackground = true, Name = $"Amend kernel worker {i}" };
            thread.Start();
        }
    }

    /// <summary>The pool every kernel uses: one thread per logical processor, the caller included.</summary>
    public static WorkerPool Shared { get; } = new(Environment.ProcessorCount);

    /// <summary>Threads that work on a call, the caller included.</summary>
    public int Threads { get; }

    /// <summary>Runs chunks 0..<paramref name="chunks"/>-1 of <paramref name="job"/> and returns when all are done.</summary>
    /// <remarks>When a chunk throws, the first such exception propagates to the caller (the other chunks still run on the workers).</remarks>
    public void Run(IChunkedWork job, int chunks)
    {
        if (chunks <= 1 || Threads == 1 || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            for (int i = 0; i < chunks; i++) job.Execute(i);
            return;
        }

        var batch = new Batch(job, chunks);
        try
        {
            lock (gate)
            {
                current = batch;
                generation++;
                Monitor.PulseAll(gate);
            }

            batch.Drain();
            var spin = default(SpinWait);
            while (Volatile.Read(ref batch.Done) < chunks) spin.SpinOnce(sleep1Threshold: -1);
            if (batch.Failure is not null) ExceptionDispatchInfo.Throw(batch.Failure);
        }
        finally
        {
            Volatile.Write(ref current, null);
            Volatile.Write(ref busy, 0);
        }
    }

    private void WorkerLoop()
    {
        int seen = 0;
        while (true)
        {
            seen = WaitForCall(seen);
            Volatile.Read(ref current)?.Drain();
        }
    }

    private int WaitForCall(int seen)
    {
        long deadline = Stopwatch.GetTimestamp() + SpinTicks;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            int now = Volatile.Read(ref generation);
            if (now != seen) return now;
            Thread.SpinWait(32);
        }

        lock (gate)
        {
            while (generation == seen) Monitor.Wait(gate);
            return generation;
        }
    }

    private sealed class Batch(IChunkedWork job, int count)
    {
        public int Done;
        public Exception? Failure;
        private int next;

        public void Drain()
        {
            int chunk;
            while ((chunk = Interlocked.Increment(ref next) - 1) < count)
            {
                try
                {
                    job.Execute(chunk);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref Failure, e, null);
                }
                finally
                {
                    Interlocked.Increment(ref Done);
                }
            }
        }
    }
}
