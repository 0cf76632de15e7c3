namespace Amend.Cli.Commands;

/// <summary>The measured speed of one shape (JSON field names are these, camel-cased).</summary>
/// <param name="M">Rows of C.</param>
/// <param name="K">Depth.</param>
/// <param name="N">Columns of C.</param>
/// <param name="TransA">Whether A was transposed.</param>
/// <param name="Role">Where the shape occurs.</param>
/// <param name="Backend">GEMM backend that ran it ("managed" or "openblas").</param>
/// <param name="Gflops">2·m·k·n / median seconds per product, in 10⁹ flop/s.</param>
/// <param name="FractionOfPeak">Gflops / the measured FMA peak of the same run.</param>
/// <param name="FractionOfCeiling">Gflops / what this machine allows the shape in the same run: the micro-kernel
/// alone on cached operands, or for one row of A (a matrix-vector product, bound by reading B) half the
/// measured read bandwidth in GB/s for its size of B (2 flops per 4-byte element).</param>
/// <param name="Matrices">Distinct B matrices the products took in turn.</param>
internal sealed record BenchKernelResult(int M, int K, int N, bool TransA, string Role, string Backend, double Gflops, double FractionOfPeak, double FractionOfCeiling, int Matrices = 1);
