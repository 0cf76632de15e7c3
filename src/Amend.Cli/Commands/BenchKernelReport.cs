namespace Amend.Cli.Commands;

/// <summary>Everything <c>amend bench kernels</c> prints.</summary>
/// <param name="Backend">GEMM backend measured.</param>
/// <param name="Threads">Logical processors used by the kernels and by the peak measurement.</param>
/// <param name="PeakGflops">Measured FMA peak over all threads (register-only loop; the highest of runs before and after the shapes), GFLOP/s.</param>
/// <param name="KernelCeilingGflops">The GEMM's micro-kernel alone on every thread, operands in cache (the highest of runs before and after the shapes), GFLOP/s; the FMA peak where the CPU has no blocked micro-kernel.</param>
/// <param name="ReadBandwidthGBps">All threads reading a buffer of <paramref name="ReadBytes"/> again and again (the highest of runs before and after), 10⁹ bytes/s.</param>
/// <param name="ReadBytes">Size of that buffer: the B of the largest one-row shape (what a matrix-vector product reads per call).</param>
/// <param name="Runs">Timed runs per shape; each figure is their median.</param>
/// <param name="Kernels">One result per shape.</param>
internal sealed record BenchKernelReport(string Backend, int Threads, double PeakGflops, double KernelCeilingGflops, double ReadBandwidthGBps, long ReadBytes, int Runs, IReadOnlyList<BenchKernelResult> Kernels);
