using Amend.Tensors.Backends;
using Amend.Tensors.Kernels;

namespace Amend.Cli.Commands;

/// <summary>
/// Times GEMM shapes: per shape a warm-up (the JIT's first calls are far slower), then runs of enough
/// back-to-back products to last about 20 ms each, reporting the median time per product. The FMA peak,
/// the micro-kernel alone and the read bandwidth are measured in the same process, before and after the
/// shapes (the higher of the two counts), so a burst of load at one moment does not set the scale.
/// </summary>
internal static class BenchKernelRunner
{
    // Read-bandwidth buffer when no shape is a matrix-vector product: 8 MiB, past a typical L2.
    private const long DefaultReadBytes = 8L << 20;

    private static readonly TimeSpan RunLength = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(200);

    /// <summary>Measures <paramref name="shapes"/> on <paramref name="backend"/> (which must be available).</summary>
    public static BenchKernelReport Run(IReadOnlyList<BenchKernelShape> shapes, GemmBackend backend, int runs, TimeSpan probeDuration)
    {
        using var selection = GemmBackends.Use(backend);
        var before = MeasureCeilings(shapes, probeDuration);
        var measured = shapes.Select(shape => (Shape: shape, Gflops: MeasureGflops(shape, runs))).ToList();
        var ceilings = before.Highest(MeasureCeilings(shapes, probeDuration));
        string name = BackendName(backend);
        var results = measured.Select(r => new BenchKernelResult(
            r.Shape.M, r.Shape.K, r.Shape.N, r.Shape.TransA, r.Shape.Role, name, r.Gflops, r.Gflops / ceilings.PeakGflops,
            r.Gflops / ceilings.CeilingOf(r.Shape), r.Shape.Matrices)).ToList();
        return new BenchKernelReport(name, ceilings.Threads, ceilings.PeakGflops, ceilings.KernelCeilingGflops, ceilings.Reads, runs, results);
    }

    /// <summary>
    /// The machine's limits for <paramref name="shapes"/> on all threads: the FMA peak, the micro-kernel alone, and the
    /// read bandwidth for the bytes of each one-row shape, each the highest of three runs of <paramref name="duration"/>
    /// (other load on the machine only ever lowers them). A CPU without a blocked micro-kernel (the GEMM then runs a
    /// scalar loop) gets the FMA peak as its kernel ceiling.
    /// </summary>
    public static BenchKernelCeilings MeasureCeilings(IReadOnlyList<BenchKernelShape> shapes, TimeSpan duration)
    {
        int threads = Environment.ProcessorCount;
        (long Bytes, int Buffers)[] readSizes = [.. shapes.Where(s => s.M == 1).Select(s => (s.BBytes, s.Matrices)).DefaultIfEmpty((DefaultReadBytes, 1)).Distinct()];
        double peak = HighestOfThree(() => FmaPeak.Measure(threads, duration));
        double kernel = KernelCeiling.IsSupported ? HighestOfThree(() => KernelCeiling.Measure(threads, duration)) : peak;
        var reads = readSizes.Select(size => new ReadCeiling(size.Bytes, size.Buffers, HighestOfThree(() => ReadBandwidth.Measure(threads, size.Bytes, duration, size.Buffers))));
        return new BenchKernelCeilings(threads, peak, kernel, [.. reads]);
    }

    /// <summary><paramref name="shape"/>'s GFLOP/s on the current backend: the median of <paramref name="runs"/> timed runs after a warm-up.</summary>
    public static double MeasureGflops(BenchKernelShape shape, int runs) => shape.Flops / MedianSecondsPerProduct(shape, runs) / 1e9;

    private static double HighestOfThree(Func<double> measure) => Enumerable.Range(0, 3).Max(_ => measure());

    /// <summary>The command-line name of a backend.</summary>
    public static string BackendName(GemmBackend backend) => backend == GemmBackend.OpenBlas ? "openblas" : "managed";

    private static double MedianSecondsPerProduct(BenchKernelShape shape, int runs)
    {
        var random = new Random(7);
        var a = RandomArray(shape.M * shape.K, random);
        var bs = Enumerable.Range(0, shape.Matrices).Select(_ => RandomArray(shape.K * shape.N, random)).ToArray();
        var c = new float[shape.M * shape.N];
        int lda = shape.TransA ? shape.M : shape.K, next = 0;
        void Product()
        {
            var b = bs[next];
            next = (next + 1) % bs.Length;
            Gemm.Multiply(shape.TransA, false, shape.M, shape.N, shape.K, a, lda, b, shape.N, c, shape.N);
        }

        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (calls < 3 || clock.Elapsed < WarmUp)
        {
            Product();
            calls++;
        }

        int repeats = Math.Max(1, (int)(RunLength / (clock.Elapsed / calls)));
        var seconds = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < repeats; i++) Product();
            seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds / repeats);
        }

        return Median(seconds);
    }

    private static float[] RandomArray(int length, Random random)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)((random.NextDouble() * 2) - 1);
        return values;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int mid = values.Count / 2;
        return values.Count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
