using System.Text.Json;
using Amend.Cli;
using Amend.Cli.Commands;
using Amend.Tensors.Backends;

namespace Amend.Cli.Tests.Commands;

public sealed class BenchKernelsCommandTests
{
    [Fact]
    public void Parse_AcceptsJsonBackendAndRuns()
    {
        var result = Program.BuildRoot().Parse(["bench", "kernels", "--json", "--backend", "openblas", "--runs", "3"]);

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Parse_RejectsServeWithJson()
    {
        var result = Program.BuildRoot().Parse(["bench", "kernels", "--serve", "--json"]);

        Assert.Contains(result.Errors, e => e.Message.Contains("--serve", StringComparison.Ordinal));
    }

    [Fact]
    public void Serve_ListsTheShapes_ThenAnswersEachRequest_UntilQuit()
    {
        // Given two tiny shapes, one of them one-row, and requests for a shape, the ceilings twice, a blank line, quit and one more
        BenchKernelShape[] shapes = [new(4, 8, 16, false, "tiny"), new(1, 64, 96, false, "one row")];
        var input = new StringReader("shape 1\nceilings\nceilings\n\nquit\nshape 0\n");
        var output = new StringWriter();
        var error = new StringWriter();

        // When
        int code = BenchKernelServer.Serve(shapes, GemmBackend.Managed, 1, TimeSpan.FromMilliseconds(5), input, output, error);

        // Then the shapes come first, then one answer per request up to quit
        Assert.Equal(0, code);
        Assert.Equal("", error.ToString());
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        using var hello = JsonDocument.Parse(lines[0]);
        Assert.Equal("managed", hello.RootElement.GetProperty("backend").GetString());
        Assert.Equal(1, hello.RootElement.GetProperty("runs").GetInt32());
        var listed = hello.RootElement.GetProperty("shapes").EnumerateArray()
            .Select(s => (s.GetProperty("m").GetInt32(), s.GetProperty("k").GetInt32(), s.GetProperty("n").GetInt32(), s.GetProperty("transA").GetBoolean(), s.GetProperty("matrices").GetInt32(), s.GetProperty("bBytes").GetInt64()));
        Assert.Equal([(4, 8, 16, false, 1, 4L * 8 * 16), (1, 64, 96, false, 1, 4L * 64 * 96)], listed);
        using var shape = JsonDocument.Parse(lines[1]);
        Assert.Equal(1, shape.RootElement.GetProperty("shape").GetInt32());
        Assert.True(shape.RootElement.GetProperty("gflops").GetDouble() > 0, lines[1]);
        using var ceilings = JsonDocument.Parse(lines[2]);
        Assert.True(ceilings.RootElement.GetProperty("peakGflops").GetDouble() > 0, lines[2]);
        Assert.True(ceilings.RootElement.GetProperty("kernelCeilingGflops").GetDouble() > 0, lines[2]);
        var read = ceilings.RootElement.GetProperty("reads").EnumerateArray().Single();
        Assert.Equal(4L * 64 * 96, read.GetProperty("bytes").GetInt64());
        Assert.True(read.GetProperty("bandwidthGBps").GetDouble() > 0, lines[2]);

        // and each shape's ceiling is the kernel's, or for one row reading its B; a later answer keeps the highest of each
        double[] Limits(JsonElement answer) =>
        [
            answer.GetProperty("peakGflops").GetDouble(), answer.GetProperty("kernelCeilingGflops").GetDouble(),
            answer.GetProperty("reads")[0].GetProperty("bandwidthGBps").GetDouble(),
        ];
        double[] ShapeCeilings(JsonElement answer) => [.. answer.GetProperty("shapeCeilings").EnumerateArray().Select(x => x.GetDouble())];
        var first = Limits(ceilings.RootElement);
        Assert.Equal([first[1], first[2] / 2], ShapeCeilings(ceilings.RootElement));
        using var again = JsonDocument.Parse(lines[3]);
        var second = Limits(again.RootElement);
        Assert.All(first.Zip(second), pair => Assert.True(pair.Second >= pair.First, $"{pair.Second} fell below {pair.First}: {lines[3]}"));
        Assert.Equal([second[1], second[2] / 2], ShapeCeilings(again.RootElement));
    }

    [Theory]
    [InlineData("shape 2")]
    [InlineData("shape -1")]
    [InlineData("shape")]
    [InlineData("peak")]
    public void Serve_StopsAtALineItDoesNotKnow_NamingIt(string request)
    {
        BenchKernelShape[] shapes = [new(4, 8, 16, false, "tiny"), new(1, 64, 96, false, "one row")];
        var error = new StringWriter();

        int code = BenchKernelServer.Serve(shapes, GemmBackend.Managed, 1, TimeSpan.FromMilliseconds(5), new StringReader($"\n{request}\nshape 0\n"), new StringWriter(), error);

        Assert.Equal(2, code);
        Assert.Contains($"input line 2 '{request}'", error.ToString());
        Assert.Contains("from 0 to 1", error.ToString());
    }

    [Theory]
    [InlineData("--backend", "cuda")]
    [InlineData("--runs", "0")]
    public void Parse_Rejects_AnUnknownBackendOrTooFewRuns(string option, string value)
    {
        var result = Program.BuildRoot().Parse(["bench", "kernels", option, value]);

        Assert.NotEmpty(result.Errors);
    }

    [Fact]
    public void Run_MeasuresEveryShape_AsAFractionOfTheSamePeakAndItsCeiling()
    {
        // Given two tiny shapes, one with A transposed, and one-row shapes (matrix-vector products) on one B and on three in turn
        BenchKernelShape[] shapes =
        [
            new(4, 8, 16, false, "tiny"), new(9, 5, 3, true, "tiny, Aᵀ"), new(1, 64, 96, false, "one row"), new(1, 64, 96, false, "one row, three B", 3),
        ];

        // When
        var report = BenchKernelRunner.Run(shapes, GemmBackend.Managed, runs: 1, TimeSpan.FromMilliseconds(5));

        // Then each one-row shape is read against the bandwidth for all the B it reads per round
        Assert.Equal("managed", report.Backend);
        Assert.True(report.PeakGflops > 0, $"peak {report.PeakGflops}");
        Assert.True(report.KernelCeilingGflops > 0, $"kernel ceiling {report.KernelCeilingGflops}");
        Assert.Equal([(4L * 64 * 96, 1), (3 * 4L * 64 * 96, 3)], report.Reads.Select(r => (r.Bytes, r.Buffers)));
        Assert.All(report.Reads, r => Assert.True(r.BandwidthGBps > 0, $"read bandwidth {r.BandwidthGBps} for {r.Bytes} bytes"));
        Assert.Equal(4L * 64 * 96, report.ReadBytes);
        Assert.Equal([(4, 8, 16, false, 1), (9, 5, 3, true, 1), (1, 64, 96, false, 1), (1, 64, 96, false, 3)], report.Kernels.Select(k => (k.M, k.K, k.N, k.TransA, k.Matrices)));
        Assert.All(report.Kernels, k =>
        {
            Assert.True(k.Gflops > 0, $"{k.Role}: {k.Gflops} GFLOP/s");
            Assert.Equal(k.Gflops / report.PeakGflops, k.FractionOfPeak, 12);
            double ceiling = k.M == 1 ? report.Reads.Single(r => r.Bytes == 4L * k.K * k.N * k.Matrices && r.Buffers == k.Matrices).BandwidthGBps / 2 : report.KernelCeilingGflops;
            Assert.Equal(k.Gflops / ceiling, k.FractionOfCeiling, 12);
        });
    }

    [Fact]
    public void ToJson_HasTheFieldsTheComparisonScriptReads()
    {
        ReadCeiling[] reads = [new(9437184, 1, 40.5), new(113246208, 12, 21.25)];
        var report = new BenchKernelReport("openblas", 2, 230.5, 190.25, reads, 7, [new BenchKernelResult(1, 768, 3072, true, "decode", "openblas", 42.25, 0.18, 0.9, 12)]);

        using var json = JsonDocument.Parse(BenchKernelsCommand.ToJson(report));

        var root = json.RootElement;
        Assert.Equal(230.5, root.GetProperty("peakGflops").GetDouble());
        Assert.Equal(2, root.GetProperty("threads").GetInt32());
        Assert.Equal(190.25, root.GetProperty("kernelCeilingGflops").GetDouble());
        Assert.Equal(40.5, root.GetProperty("readBandwidthGBps").GetDouble());
        Assert.Equal(9437184, root.GetProperty("readBytes").GetInt64());
        var kernel = root.GetProperty("kernels")[0];
        Assert.Equal(1, kernel.GetProperty("m").GetInt32());
        Assert.Equal(768, kernel.GetProperty("k").GetInt32());
        Assert.Equal(3072, kernel.GetProperty("n").GetInt32());
        Assert.True(kernel.GetProperty("transA").GetBoolean());
        Assert.Equal(42.25, kernel.GetProperty("gflops").GetDouble());
        Assert.Equal("openblas", kernel.GetProperty("backend").GetString());
        Assert.Equal(0.9, kernel.GetProperty("fractionOfCeiling").GetDouble());
        Assert.Equal(12, kernel.GetProperty("matrices").GetInt32());
        Assert.Equal(113246208, root.GetProperty("reads")[1].GetProperty("bytes").GetInt64());
        Assert.Equal(12, root.GetProperty("reads")[1].GetProperty("buffers").GetInt32());
        Assert.Equal(21.25, root.GetProperty("reads")[1].GetProperty("bandwidthGBps").GetDouble());
    }

    [Fact]
    public void Render_PrintsATableWithThePeakTheCeilingsAndEachShape()
    {
        ReadCeiling[] reads = [new(9437184, 1, 41.0), new(113246208, 12, 21.0)];
        var report = new BenchKernelReport("managed", 2, 230.5, 207.5, reads, 7, [new BenchKernelResult(16, 768, 3072, false, "MLP up, 16 tokens", "managed", 180.31, 0.78, 0.87)]);
        var output = new StringWriter();

        BenchKernelsCommand.Render(report, output);

        string text = output.ToString();
        Assert.Contains("MLP up, 16 tokens", text);
        Assert.Contains("180.3", text);
        Assert.Contains("78 %", text);
        Assert.Contains("230.5 GFLOP/s", text);
        Assert.Contains("87 %", text);
        Assert.Contains("207.5 GFLOP/s (90 % of peak)", text);
        Assert.Contains("reading 9.4 MB at 41.0 GB/s, 20.5 GFLOP/s", text);
        Assert.Contains("reading 12 × 9.4 MB at 21.0 GB/s, 10.5 GFLOP/s", text);
        Assert.DoesNotContain("\u001b[", text);
    }
}
