using System.Diagnostics;
using Amend.Tensors.Linalg;

// Times the float64 linear algebra on random matrices of the sizes given on the command line
// (default 256 1024 3072). Each cell is "wall seconds (CPU seconds)": on a shared machine the CPU
// time shows how much work was done when the wall time is inflated by other processes.
// Usage: dotnet run -c Release --project bench/Amend.LinalgBench -- [--skip-eigen] [--only-gemm] n1 n2 ...
bool skipEigen = args.Contains("--skip-eigen"), onlyGemm = args.Contains("--only-gemm");
int[] sizes = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(int.Parse).ToArray();
if (sizes.Length == 0) sizes = [256, 1024, 3072];
Console.WriteLine($"cores: {Environment.ProcessorCount}, SIMD: {(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "512-bit" : $"{System.Numerics.Vector<double>.Count * 64}-bit")}, load average: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
Run(64, skipEigen, onlyGemm, print: false);
Console.WriteLine("n\tgemm (GFLOP/s)\tcholesky\tcholesky+solve\tlu+solve\tinverse\teigen");
foreach (int n in sizes) Run(n, skipEigen, onlyGemm, print: true);

static void Run(int n, bool skipEigen, bool onlyGemm, bool print)
{
    var random = new Random(n);
    var g = new Matrix64(n, n);
    for (int i = 0; i < g.Data.Length; i++) g.Data[i] = (2 * random.NextDouble()) - 1;
    var rhs = new Matrix64(n, 8);
    for (int i = 0; i < rhs.Data.Length; i++) rhs.Data[i] = random.NextDouble();

    var (gemm, gram) = Time(() => Matrix64.Multiply(g, false, g, true));
    string gflops = $"{2.0 * n * n * n / gemm.Wall / 1e9:F1}";
    if (onlyGemm)
    {
        if (print) Console.WriteLine($"{n}\t{gemm} {gflops}");
        return;
    }

    var spd = gram.AddToDiagonal(n);
    var (cholesky, _) = Time(() => Cholesky.Factor(spd));
    var (cholSolve, _) = Time(() => Cholesky.Factor(spd).Solve(rhs));
    var (luSolve, _) = Time(() => LinearSolve.Solve(g, rhs));
    var (inverse, _) = Time(() => LinearSolve.Inverse(g));
    string eigen = skipEigen ? "-" : Time(() => SymmetricEigen.Decompose(spd)).Elapsed.ToString();
    if (print) Console.WriteLine($"{n}\t{gemm} {gflops}\t{cholesky}\t{cholSolve}\t{luSolve}\t{inverse}\t{eigen}");
}

static (Seconds Elapsed, T Result) Time<T>(Func<T> work)
{
    GC.Collect();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var result = work();
    double wall = clock.Elapsed.TotalSeconds;
    return (new Seconds(wall, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds), result);
}

internal readonly record struct Seconds(double Wall, double Cpu)
{
    public override string ToString() => $"{Wall:F3}s ({Cpu:F2})";
}
