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
        // Given two tiny shapes, one with A transposed, and a one-row shape (a matrix-vector product)
        BenchKernelShape[] shapes = [new(4, 8, 16, false, "tiny"), new(9, 5, 3, true, "tiny, Aᵀ"), new(1, 64, 96, false, "one row")];

        // When
        var report = BenchKernelRunner.Run(shapes, GemmBackend.Managed, runs: 1, TimeSpan.FromMilliseconds(5));

        // Then
        Assert.Equal("managed", report.Backend);
        Assert.True(report.PeakGflops > 0, $"peak {report.PeakGflops}");
        Assert.True(report.KernelCeilingGflops > 0, $"kernel ceiling {report.KernelCeilingGflops}");
        Assert.True(report.ReadBandwidthGBps > 0, $"read bandwidth {report.ReadBandwidthGBps}");
        Assert.Equal(4L * 64 * 96, report.ReadBytes);
        Assert.Equal([(4, 8, 16, false), (9, 5, 3, true), (1, 64, 96, false)], report.Kernels.Select(k => (k.M, k.K, k.N, k.TransA)));
        Assert.All(report.Kernels, k =>
        {
            Assert.True(k.Gflops > 0, $"{k.Role}: {k.Gflops} GFLOP/s");
            Assert.Equal(k.Gflops / report.PeakGflops, k.FractionOfPeak, 12);
            double ceiling = k.M == 1 ? report.ReadBandwidthGBps / 2 : report.KernelCeilingGflops;
            Assert.Equal(k.Gflops / ceiling, k.FractionOfCeiling, 12);
        });
    }

    [Fact]
    public void ToJson_HasTheFieldsTheComparisonScriptReads()
    {
        var report = new BenchKernelReport("openblas", 2, 230.5, 190.25, 40.5, 9437184, 7, [new BenchKernelResult(1, 768, 3072, true, "decode", "openblas", 42.25, 0.18, 0.9)]);

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
    }

    [Fact]
    public void Render_PrintsATableWithThePeakTheCeilingsAndEachShape()
    {
        var report = new BenchKernelReport("managed", 2, 230.5, 207.5, 41.0, 9437184, 7, [new BenchKernelResult(16, 768, 3072, false, "MLP up, 16 tokens", "managed", 180.31, 0.78, 0.87)]);
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
        Assert.DoesNotContain("\u001b[", text);
    }
}
