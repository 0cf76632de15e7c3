// Usage: dotnet run -c Release --project bench/Amend.BuildCompare -- DIR_A DIR_B SHAPE...
//   DIR_A, DIR_B: folders holding an Amend.Tensors.dll each (e.g. `dotnet build src/Amend.Tensors -c Release -o DIR`
//   at two commits; bench/compare_builds.sh does that). SHAPE: m,k,n with optional ",ta" and ",tb" for
//   transposed A or B, and ",f64" for the float64 Matrix64.Multiply. Environment: ROUNDS (default 30), BLOCK_MS (default 40).
//
// On a shared machine the load changes from second to second, so two builds timed in separate processes
// minutes apart measure the load as much as the code. Here both builds live in one process (each in its own
// AssemblyLoadContext, with its own worker pool) and take turns in blocks of about BLOCK_MS of back-to-back
// products; every round gives a ratio B/A under nearly the same load, and the median of those ratios is
// the figure. Run A against A first: its spread is the noise.
using System.Diagnostics;
using Amend.BuildCompare;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: Amend.BuildCompare DIR_A DIR_B m,k,n[,ta][,tb] ...");
    return 2;
}

int rounds = EnvironmentInt("ROUNDS", 30);
double blockMs = EnvironmentInt("BLOCK_MS", 40);
var builds = new[] { TensorsBuild.Load(args[0]), TensorsBuild.Load(args[1]) };
foreach (string text in args[2..])
{
    var shape = GemmShape.Parse(text);
    var operands = new GemmOperands(shape);
    var products = builds.Select(b => shape.Double ? b.Product64(shape, operands) : b.Product(shape, operands)).ToArray();
    foreach (var product in products) WarmUp(product);

    int perBlock = CallsPerBlock(products[0], blockMs);
    var rates = new[] { new List<double>(), new List<double>() };
    for (int round = 0; round < rounds; round++)
    {
        for (int turn = 0; turn < 2; turn++)
        {
            int which = (turn + round) % 2;
            rates[which].Add(shape.Flops * perBlock / TimeBlock(products[which], perBlock) / 1e9);
        }
    }

    var ratios = rates[1].Zip(rates[0], (b, a) => b / a).Order().ToArray();
    Console.WriteLine(
        $"{text}: A {Median(rates[0]):F1} GFLOP/s, B {Median(rates[1]):F1}, B/A {Median(ratios):F3} " +
        $"(quartiles {ratios[ratios.Length / 4]:F3}–{ratios[3 * ratios.Length / 4]:F3}, {rounds} rounds)");
}

return 0;

static int EnvironmentInt(string name, int fallback) =>
    int.TryParse(Environment.GetEnvironmentVariable(name), out int value) && value > 0 ? value : fallback;

// Half a second of calls per build before the rounds, whatever the shape: a fixed 20 calls were 20 ms for a
// 1 ms product, little time for the JIT's tiers and the buffers' first growth.
static void WarmUp(Action product)
{
    var clock = Stopwatch.StartNew();
    while (clock.ElapsedMilliseconds < 500) product();
}

static int CallsPerBlock(Action product, double blockMs)
{
    var clock = Stopwatch.StartNew();
    for (int i = 0; i < 5; i++) product();
    return Math.Max(2, (int)(blockMs / (clock.Elapsed.TotalMilliseconds / 5)));
}

// Seconds for n calls, after one call that brings this build's operands and workers back.
static double TimeBlock(Action product, int n)
{
    product();
    long start = Stopwatch.GetTimestamp();
    for (int i = 0; i < n; i++) product();
    return Stopwatch.GetElapsedTime(start).TotalSeconds;
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted[sorted.Length / 2];
}
