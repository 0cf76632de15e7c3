using System.Globalization;
using System.Text.Json;
using Amend.Tensors.Backends;

namespace Amend.Cli.Commands;

/// <summary>
/// <c>amend bench kernels --serve</c>: measures one shape or the ceilings at a time, on request, so that a comparison
/// script can time the other library on the same shape right before or after (bench/kernels_vs_pytorch.py). On a
/// shared machine the load changes from one minute to the next; pairs taken a second apart see the same load.
/// </summary>
/// <remarks>
/// Line protocol, one JSON object per line on output. First, unasked:
/// <c>{"backend","threads","runs","shapes":[{"m","k","n","transA","role","matrices",…}…]}</c>. Then per input line:
/// <c>shape I</c> answers <c>{"shape":I,"gflops":…}</c> for shape I of that list; <c>ceilings</c> measures the limits
/// and answers the highest of each over this and every earlier request (load only lowers them), with each shape's
/// own ceiling: <c>{"peakGflops","kernelCeilingGflops","reads":[…],"shapeCeilings":[…]}</c>; <c>quit</c> or the end
/// of input ends it. Blank lines are skipped; any other line is an error that names it (exit code 2).
/// </remarks>
internal static class BenchKernelServer
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Answers requests from <paramref name="input"/> until it ends; returns the exit code.</summary>
    public static int Serve(IReadOnlyList<BenchKernelShape> shapes, GemmBackend backend, int runs, TimeSpan probeDuration, TextReader input, TextWriter output, TextWriter error)
    {
        using var selection = GemmBackends.Use(backend);
        Answer(output, new { Backend = BenchKernelRunner.BackendName(backend), Threads = Environment.ProcessorCount, Runs = runs, Shapes = shapes });
        BenchKernelCeilings? highest = null;
        for (int lineNumber = 1; input.ReadLine() is { } line; lineNumber++)
        {
            string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            if (words is ["quit"]) break;
            if (words is ["ceilings"])
            {
                var measured = BenchKernelRunner.MeasureCeilings(shapes, probeDuration);
                highest = highest?.Highest(measured) ?? measured;
                Answer(output, new { highest.PeakGflops, highest.KernelCeilingGflops, highest.Reads, ShapeCeilings = shapes.Select(highest.CeilingOf) });
            }
            else if (words is ["shape", var number] && int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < shapes.Count)
            {
                Answer(output, new { Shape = index, Gflops = BenchKernelRunner.MeasureGflops(shapes[index], runs) });
            }
            else
            {
                error.WriteLine($"bench kernels --serve: input line {lineNumber} '{line}' is not 'shape I' (I from 0 to {shapes.Count - 1}), 'ceilings' or 'quit'");
                return 2;
            }
        }

        return 0;
    }

    private static void Answer(TextWriter output, object value)
    {
        output.WriteLine(JsonSerializer.Serialize(value, Json));
        output.Flush();
    }
}
