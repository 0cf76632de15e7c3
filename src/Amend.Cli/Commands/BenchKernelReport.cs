namespace Amend.Cli.Commands;

/// <summary>Everything <c>amend bench kernels</c> prints.</summary>
/// <param name="Backend">GEMM backend measured.</param>
/// <param name="Threads">Logical processors used by the kernels and by the peak measurement.</param>
/// <param name="PeakGflops">Measured FMA peak over all threads (register-only loop; the highest of runs before and after the shapes), GFLOP/s.</param>
/// <param name="Runs">Timed runs per shape; each figure is their median.</param>
/// <param name="Kernels">One result per shape.</param>
internal sealed record BenchKernelReport(string Backend, int Threads, double PeakGflops, int Runs, IReadOnlyList<BenchKernelResult> Kernels);
