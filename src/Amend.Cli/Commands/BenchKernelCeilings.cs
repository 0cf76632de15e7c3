namespace Amend.Cli.Commands;

/// <summary>What the machine allows the GEMM shapes of <c>amend bench kernels</c>, measured on all threads.</summary>
/// <param name="Threads">Threads that ran the probes (and run the GEMM).</param>
/// <param name="PeakGflops">The FMA peak: a register-only loop.</param>
/// <param name="KernelCeilingGflops">The micro-kernel alone on cached operands.</param>
/// <param name="Reads">The read bandwidth for the bytes of each one-row shape (decode's ceiling).</param>
internal sealed record BenchKernelCeilings(int Threads, double PeakGflops, double KernelCeilingGflops, IReadOnlyList<ReadCeiling> Reads)
{
    /// <summary>The higher of each limit here and in <paramref name="other"/> (measured on the same shapes): load only lowers them.</summary>
    public BenchKernelCeilings Highest(BenchKernelCeilings other) => new(
        Threads,
        Math.Max(PeakGflops, other.PeakGflops),
        Math.Max(KernelCeilingGflops, other.KernelCeilingGflops),
        [.. Reads.Zip(other.Reads, (a, b) => a with { BandwidthGBps = Math.Max(a.BandwidthGBps, b.BandwidthGBps) })]);

    /// <summary>The ceiling of <paramref name="shape"/>: reading its B (half a FLOP per byte) for one row, else the micro-kernel.</summary>
    public double CeilingOf(BenchKernelShape shape) => shape.M == 1
        ? Reads.First(r => r.Bytes == shape.BBytes && r.Buffers == shape.Matrices).BandwidthGBps / 2
        : KernelCeilingGflops;
}
