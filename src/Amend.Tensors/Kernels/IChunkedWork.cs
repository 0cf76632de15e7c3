namespace Amend.Tensors.Kernels;

/// <summary>Work split into numbered chunks that may run in any order, on any thread, concurrently.</summary>
internal interface IChunkedWork
{
    /// <summary>Runs chunk <paramref name="chunk"/> (0 ≤ chunk &lt; the count given to <see cref="WorkerPool.Run"/>).</summary>
    void Execute(int chunk);
}
