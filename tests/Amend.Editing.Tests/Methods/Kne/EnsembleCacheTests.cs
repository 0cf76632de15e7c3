using Amend.Editing.Methods.Kne;

namespace Amend.Editing.Tests.Methods.Kne;

public sealed class EnsembleCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("amend-kne-cache-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void GetOrCompute_StoresThenReadsTheEnsemble()
    {
        var cache = new EnsembleCache(_folder);

        var (first, firstCached) = cache.GetOrCompute("key", Ensemble);
        var (second, secondCached) = cache.GetOrCompute("key", () => throw new InvalidOperationException("must be read from the file"));

        Assert.False(firstCached);
        Assert.True(secondCached);
        Assert.Equal(first.Threshold, second.Threshold);
        Assert.Equal(first.Layers.Select(l => (l.Layer, l.Weight)), second.Layers.Select(l => (l.Layer, l.Weight)));
        Assert.Equal(first.Layers[1].Positions, second.Layers[1].Positions);
    }

    [Theory]
    [InlineData(int.MaxValue, "it gives 2147483647 positions, but only")]
    [InlineData(-1, "it gives -1 positions, but only")]
    public void GetOrCompute_ACountBeyondTheFile_IsCorrupt_BeforeAnythingIsAllocatedForIt(int count, string expected)
    {
        // Given a stored ensemble whose last layer's position count is damaged (it is 4 bytes before its 3 positions)
        var cache = new EnsembleCache(_folder);
        cache.GetOrCompute("key", Ensemble);
        string path = Assert.Single(Directory.GetFiles(_folder));
        byte[] bytes = File.ReadAllBytes(path);
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 16, 4), count);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => cache.GetOrCompute("key", Ensemble));

        Assert.StartsWith($"KNE ensemble cache file {path} is corrupt ({expected}", error.Message, StringComparison.Ordinal);
    }

    private static KnowledgeEnsemble Ensemble() =>
        new(0.5f, 100, [new EnsembleLayer(0, "transformer.h.0.mlp.c_fc.weight", [1, 5]), new EnsembleLayer(1, "transformer.h.1.mlp.c_fc.weight", [2, 3, 7])]);
}
