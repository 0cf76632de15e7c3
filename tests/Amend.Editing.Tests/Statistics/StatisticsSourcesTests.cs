using System.IO.Compression;
using Amend.Editing.Statistics;
using Amend.Models.Checkpoints;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Tests.Statistics;

public sealed class StatisticsSourcesTests
{
    private static readonly StatisticsRequest Request = new("wikitext2", 1000);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void EasyEditStatsDirectory_ReadsTheNpz_MemitUsed(int layer)
    {
        // Given EasyEdit's own stats dir from the golden run
        var source = new EasyEditStatsDirectory(StatisticsFixtures.Mom2("easyedit-stats-dir"), "gpt2-golden");

        // When a layer is read
        var statistics = source.Get(GoldenGpt2.Load(), layer, Request);

        // Then it is the moment MEMIT used, with EasyEdit's count
        using var golden = SafetensorsReader.Open(StatisticsFixtures.Mom2("cov.safetensors"));
        var expected = Matrix64.FromTensor(golden.Load($"transformer.h.{layer}.mlp.c_proj.moment_as_used_by_memit"));
        Assert.Equal(98_628, statistics.Count);
        Assert.True(StatisticsFixtures.RelativeError(expected, statistics.SecondMoment) < 1e-6);
    }

    [Fact]
    public void EasyEditStatsDirectory_MissingFile_NamesTheExpectedPath()
    {
        var source = EasyEditStatsDirectory.ForModelPath(StatisticsFixtures.Mom2("easyedit-stats-dir"), "/models/gpt2-golden/");

        var error = Assert.Throws<InvalidOperationException>(() => source.Get(GoldenGpt2.Load(), 2, Request));

        Assert.Contains(Path.Combine("gpt2-golden", "wikitext2_stats", "transformer.h.2.mlp.c_proj_float32_mom2_1000.npz"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EasyEditStatsDirectory_CorruptNpz_NamesTheFile()
    {
        // Given a stats dir whose .npz has a truncated mom2 array
        using var folder = new TemporaryFolder();
        var source = new EasyEditStatsDirectory(folder.Path, "m");
        var model = GoldenGpt2.Load();
        string path = source.PathFor(model, 0, Request);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            zip.CreateEntry("mom2.count.npy");
            using var stream = zip.CreateEntry("mom2.mom2.npy").Open();
            string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (128, 128), }\n";
            stream.Write([0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, 0, .. System.Text.Encoding.ASCII.GetBytes(header), 0, 0, 128, 63]);
        }

        var error = Assert.Throws<InvalidDataException>(() => source.Get(model, 0, Request));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CovarianceFile_RoundTripsWrittenStatistics_AndAcceptsSumsWithCount()
    {
        // Given statistics written by CovarianceFile.Write, and a file of Σ k kᵀ with its count by layer index
        using var folder = new TemporaryFolder();
        var model = GoldenGpt2.Load();
        var moment = new Matrix64(128, 128);
        for (int i = 0; i < 128; i++) moment[i, i] = 1 + i;
        string written = Path.Combine(folder.Path, "cov.safetensors");
        string sums = Path.Combine(folder.Path, "sums.safetensors");
        CovarianceFile.Write(written, [new KeyStatistics(1, moment, 42, "test")], model.Model.Architecture);
        var sum = new Matrix64(128, 128, [.. moment.Data.Select(x => x * 4)]);
        SafetensorsWriter.WriteFile(sums, new Dictionary<string, Tensor> { ["1.mom2_sum"] = sum.ToTensor() }, new Dictionary<string, string> { ["1.count"] = "4" });

        // When both are read
        var fromWritten = new CovarianceFile(written).Get(model, 1, Request);
        var fromSums = new CovarianceFile(sums).Get(model, 1, Request);

        // Then each gives the moment and count back; a missing layer names the names tried
        Assert.Equal(moment.Data, fromWritten.SecondMoment.Data);
        Assert.Equal(42, fromWritten.Count);
        Assert.Equal(moment.Data, fromSums.SecondMoment.Data);
        Assert.Equal(4, fromSums.Count);
        var missing = Assert.Throws<InvalidOperationException>(() => new CovarianceFile(written).Get(model, 0, Request));
        Assert.Contains("transformer.h.0.mlp.c_proj.mom2", missing.Message, StringComparison.Ordinal);
    }
}
