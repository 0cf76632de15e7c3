using Amend.Models.Checkpoints;

namespace Amend.Models.Tests.Checkpoints;

public sealed class SafetensorsIndexTests
{
    [Fact]
    public void Read_ReturnsWeightMapTotalSizeAndShards_OfATransformersIndex()
    {
        // Given an index as transformers writes it (metadata first, float total_size from some exporters)
        using var folder = new TempFolder();
        string path = folder.File(SafetensorsIndex.FileName);
        File.WriteAllText(path, """
            {
              "metadata": { "total_size": 1.6e3, "format": "pt" },
              "weight_map": { "b.weight": "model-00002-of-00002.safetensors", "a.weight": "model-00001-of-00002.safetensors", "a.bias": "model-00001-of-00002.safetensors" }
            }
            """);

        // When
        var index = SafetensorsIndex.Read(path);

        // Then
        Assert.Equal(1600, index.TotalSize);
        Assert.Equal(["a.bias", "a.weight", "b.weight"], index.WeightMap.Keys);
        Assert.Equal(["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"], index.ShardFiles);
    }

    [Fact]
    public void Write_ThenRead_RoundTrips()
    {
        using var folder = new TempFolder();
        string path = folder.File(SafetensorsIndex.FileName);
        var index = new SafetensorsIndex(new Dictionary<string, string> { ["x"] = "s1.safetensors", ["y"] = "s2.safetensors" }, 1234);

        index.Write(path);
        var back = SafetensorsIndex.Read(path);

        Assert.Equal(index.WeightMap, back.WeightMap);
        Assert.Equal(1234, back.TotalSize);
        Assert.Contains("\n  \"weight_map\": {", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"metadata": {}}""", "no \"weight_map\" object")]
    [InlineData("""{"weight_map": {"a": 3}}""", "weight_map['a'] must be a file name string")]
    [InlineData("""{"weight_map": {"a": "../../etc/passwd"}}""", "is not a plain file name")]
    [InlineData("""{"weight_map": {"a": "/abs.safetensors"}}""", "is not a plain file name")]
    [InlineData("""{"weight_map": {"a": "x.safetensors", "a": "y.safetensors"}}""", "weight_map names 'a' twice")]
    [InlineData("""{"metadata": {"total_size": -5}, "weight_map": {}}""", "total_size = -5 is not a non-negative integer")]
    [InlineData("""{"weight_map": """, "not valid JSON")]
    [InlineData("""{"weight_map": {"a": "x\ud800.safetensors"}}""", "weight_map.a holds an unpaired UTF-16 surrogate escape")]
    public void Read_ThrowsNamingTheFile_ForBadIndex(string json, string expected)
    {
        using var folder = new TempFolder();
        string path = folder.File(SafetensorsIndex.FileName);
        File.WriteAllText(path, json);

        var e = Assert.Throws<CheckpointFormatException>(() => SafetensorsIndex.Read(path));

        Assert.Equal(path, e.Path);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
