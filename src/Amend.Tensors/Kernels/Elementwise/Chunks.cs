namespace Amend.Tensors.Kernels.Elementwise;

/// <summary>Splits a loop over items into contiguous chunks, run in parallel only when the work is large.</summary>
internal static class Chunks
{
    /// <summary>Below this many elements of work a loop stays on the calling thread: handing work to the pool costs more than it saves.</summary>
    public const int ParallelThreshold = 1 << 16;

    /// <summary>About this many elements of work per parallel chunk (64 KiB of floats, a few L2-resident pages).</summary>
    private const int ChunkWork = 1 << 14;

    /// <summary>Calls <paramref name="body"/>(start, end) over [0, <paramref name="count"/>), each item costing <paramref name="cost"/> elements of work.</summary>
    public static void For(int count, int cost, Action<int, int> body)
    {
        long work = (long)count * Math.Max(cost, 1);
        if (work < ParallelThreshold || count < 2 || Environment.ProcessorCount == 1)
        {
            body(0, count);
            return;
        }

        int perChunk = Math.Max(1, ChunkWork / Math.Max(cost, 1));
        int chunks = (int)(((long)count + perChunk - 1) / perChunk);
        Parallel.For(0, chunks, c => body(c * perChunk, (int)Math.Min(count, ((long)c + 1) * perChunk)));
    }
}
