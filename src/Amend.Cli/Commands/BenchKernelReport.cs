namespace Amend.Cli.Commands;

/// <summary>Everything <c>amend bench kernels</c> prints.</summary>
/// <param name="Backend">GEMM backend measured.</param>
/// <param name="Threads">Logical processors used by the kernels and by the peak measurement.</param>
/// <param name="PeakGflops">Measured FMA peak over all threads (register-only loop; the highest of runs before and after the shapes), GFLOP/s.</param>
/// <param name="KernelCeilingGflops">The GEMM's micro-kernel alone on every thread, operands in cache (the highest of runs before and after the shapes), GFLOP/s; the FMA peak where the CPU has no blocked micro-kernel.</param>
/// <param name="Reads">Read bandwidth for each size a one-row shape reads per call, in the shapes' order (one entry of 8 MiB when there is no such shape).</param>
/// <param name="Runs">Timed runs per shape; each figure is their median.</param>
/// <param name="Kernels">One result per shape.</param>
internal sealed record BenchKernelReport(string Backend, int Threads, double PeakGflops, double KernelCeilingGflops, IReadOnlyList<ReadCeiling> Reads, int Runs, IReadOnlyList<BenchKernelResult> Kernels)
{
    /// <summary>The first read ceiling's bandwidth (decode's, on the default shapes), 10⁹ bytes/s.</summary>
    public double ReadBandwidthGBps => Reads[0].BandwidthGBps;

    /// <summary>The first read ceiling's buffer size in bytes.</summary>
    public long ReadBytes => Reads[0].Bytes;
}
