using Amend.Tensors.Backends;
using Amend.Tensors.Kernels;

namespace Amend.Cli.Commands;

/// <summary>
/// Times GEMM shapes: per shape a warm-up (the JIT's first calls are far slower), then runs of enough
/// back-to-back products to last about 20 ms each, reporting the median time per product. The FMA peak
/// is measured in the same process, before and after the shapes, so the fractions stay meaningful on a
/// busy machine.
/// </summary>
internal static class BenchKernelRunner
{
    private static readonly TimeSpan RunLength = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(200);

    /// <summary>Measures <paramref name="shapes"/> on <paramref name="backend"/> (which must be available).</summary>
    public static BenchKernelReport Run(IReadOnlyList<BenchKernelShape> shapes, GemmBackend backend, int runs, TimeSpan peakDuration)
    {
        using var selection = GemmBackends.Use(backend);
        int threads = Environment.ProcessorCount;
        double peak = MeasurePeak(threads, peakDuration);
        string name = BackendName(backend);
        var measured = shapes.Select(shape => (Shape: shape, Gflops: shape.Flops / MedianSecondsPerProduct(shape, runs) / 1e9)).ToList();
        peak = Math.Max(peak, MeasurePeak(threads, peakDuration));
        var results = measured.Select(r => new BenchKernelResult(r.Shape.M, r.Shape.K, r.Shape.N, r.Shape.TransA, r.Shape.Role, name, r.Gflops, r.Gflops / peak)).ToList();
        return new BenchKernelReport(name, threads, peak, runs, results);
    }

    // The highest of a few short runs: other load on the machine only ever lowers it. Measured before and
    // after the shapes, so a burst of load at one moment does not set the scale.
    private static double MeasurePeak(int threads, TimeSpan duration) =>
        Enumerable.Range(0, 3).Max(_ => FmaPeak.Measure(threads, duration));

    /// <summary>The command-line name of a backend.</summary>
    public static string BackendName(GemmBackend backend) => backend == GemmBackend.OpenBlas ? "openblas" : "managed";

    private static double MedianSecondsPerProduct(BenchKernelShape shape, int runs)
    {
        var random = new Random(7);
        var a = RandomArray(shape.M * shape.K, random);
        var b = RandomArray(shape.K * shape.N, random);
        var c = new float[shape.M * shape.N];
        int lda = shape.TransA ? shape.M : shape.K;
        void Product() => Gemm.Multiply(shape.TransA, false, shape.M, shape.N, shape.K, a, lda, b, shape.N, c, shape.N);

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
