using System.IO.Compression;
using System.Text.Json;
using Amend.Editing.Statistics;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Tests.Statistics;

/// <summary>The WikiText-2 corpus and the EasyEdit statistics goldens (shared/golden/PROVENANCE.md, "EasyEdit goldens").</summary>
internal static class StatisticsFixtures
{
    public static string WikiText => SharedFixtures.Path("data", "wikitext-2-raw", "wiki.test.raw.gz");

    public static string Mom2(params string[] parts) => GoldenGpt2.Reference("MEMIT", ["mom2", .. parts]);

    public static int[] SampledRows()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Mom2("stats.json")));
        return [.. json.RootElement.GetProperty("sampled_row_indices_in_order").EnumerateArray().Select(e => e.GetInt32())];
    }

    /// <summary>The first <paramref name="rows"/> lines of WikiText (with their CRLF) as a small plain-text corpus in <paramref name="folder"/>.</summary>
    public static string SmallCorpus(string folder, int rows)
    {
        string path = Path.Combine(folder, "small.txt");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(WikiText), CompressionMode.Decompress));
        using var writer = new StreamWriter(path);
        for (int i = 0; i < rows; i++) writer.Write(reader.ReadLine() + "\r\n");
        return path;
    }

    public static double RelativeError(Matrix64 expected, Matrix64 actual) =>
        expected.Add(actual, -1).FrobeniusNorm() / expected.FrobeniusNorm();
}
