using System.Text;
using Amend.Models.Checkpoints;

namespace Amend.Models.Tests.Checkpoints;

public sealed class SafetensorsHeaderTests
{
    private static readonly string s_a = RawSafetensors.Entry("a", "F32", "2", 0, 8);

    public static TheoryData<string, string, int, string> BadHeaders => new()
    {
        { "not JSON", "{\"a\":", 0, "not valid JSON" },
        { "root is an array", "[1,2]", 0, "must be a JSON object" },
        { "unknown dtype", "{" + RawSafetensors.Entry("a", "F31", "2", 0, 8) + "}", 8, "unknown dtype 'F31'" },
        { "negative extent", "{" + RawSafetensors.Entry("a", "F32", "-2", 0, 8) + "}", 8, "shape[0] = -2 is not a non-negative integer" },
        { "fractional extent", "{" + RawSafetensors.Entry("a", "F32", "2.5", 0, 10) + "}", 10, "shape[0] = 2.5 is not a non-negative integer" },
        { "extent is a string", "{" + RawSafetensors.Entry("a", "F32", "\"2\"", 0, 8) + "}", 8, "shape[0] = \"2\" is not a non-negative integer" },
        { "shape larger than its bytes", "{" + RawSafetensors.Entry("a", "F32", "1048576,1048576", 0, 16) + "}", 16, "needs 4398046511104 bytes but data_offsets [0, 16] span 16" },
        { "element count overflows", "{" + RawSafetensors.Entry("a", "F32", "4294967296,4294967296,4294967296", 0, 16) + "}", 16, "more bytes than a file can hold" },
        { "offsets end before begin", "{" + RawSafetensors.Entry("a", "F32", "0", 8, 0) + "}", 8, "end before they begin" },
        { "three offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,8]}}", 8, "data_offsets must hold 2 integers" },
        { "missing shape", "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8, "entry has no \"shape\"" },
        { "entry not an object", "{\"a\":3}", 0, "entry must be an object" },
        { "duplicate names", "{" + s_a + "," + s_a + "}", 16, "names 'a' twice" },
        { "overlapping tensors", "{" + s_a + "," + RawSafetensors.Entry("b", "F32", "2", 4, 12) + "}", 12, "'b' data_offsets [4, 12] overlaps the previous tensor" },
        { "gap between tensors", "{" + s_a + "," + RawSafetensors.Entry("b", "F32", "2", 12, 20) + "}", 20, "leaves a gap" },
        { "trailing bytes", "{" + s_a + "}", 12, "cover 8 bytes but the data buffer after the header has 12" },
        { "truncated data", "{" + s_a + "}", 4, "cover 8 bytes but the data buffer after the header has 4" },
        { "metadata value not a string", "{\"__metadata__\":{\"format\":1}}", 0, "__metadata__.format must be a string" },
        { "metadata a list", "{\"__metadata__\":[]}", 0, "__metadata__ must be an object of strings, found Array" },
        { "lone surrogate in a metadata value", "{\"__metadata__\":{\"format\":\"pt\\ud800\"}}", 0, "header: __metadata__.format holds an unpaired UTF-16 surrogate escape" },
        { "lone surrogate in a tensor name", "{" + RawSafetensors.Entry("a\\udc00", "F32", "2", 0, 8) + "}", 8, "header: a member name in the top level holds an unpaired" },
        { "sub-byte dtype not filling bytes", "{" + RawSafetensors.Entry("a", "F4", "3", 0, 2) + "}", 2, "does not fill whole bytes" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void Open_ThrowsNamingFileAndProblem_ForBadHeader(string what, string header, int dataBytes, string expected)
    {
        // Given a file whose header breaks one rule of the format
        using var folder = new TempFolder();
        string path = folder.File("bad.safetensors");
        File.WriteAllBytes(path, RawSafetensors.Build(header, dataBytes));

        // When it is opened, Then the error names the file and the problem
        var e = Assert.Throws<CheckpointFormatException>(() => SafetensorsReader.Open(path).Dispose());
        Assert.True(e.Message.StartsWith(path + ": ", StringComparison.Ordinal), what + ": " + e.Message);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TakesNullMetadataAsNone_AsTheReferenceReaderDoes()
    {
        using var folder = new TempFolder();
        string path = folder.File("null-metadata.safetensors");
        File.WriteAllBytes(path, RawSafetensors.Build("{\"__metadata__\":null," + s_a + "}", 8));

        using var reader = SafetensorsReader.Open(path);

        Assert.Empty(reader.Header.Metadata);
        Assert.Equal(["a"], reader.Header.Tensors.Select(t => t.Name));
    }

    [Theory]
    [InlineData(1000UL, "runs past the end")]
    [InlineData(100_000_001UL, "exceeds the 100000000-byte limit")]
    [InlineData(ulong.MaxValue, "exceeds the 100000000-byte limit")]
    public void Open_Throws_WhenHeaderLengthIsImpossible(ulong statedLength, string expected)
    {
        using var folder = new TempFolder();
        string path = folder.File("bad.safetensors");
        File.WriteAllBytes(path, RawSafetensors.Build("{}", 0, statedLength));

        var e = Assert.Throws<CheckpointFormatException>(() => SafetensorsReader.Open(path).Dispose());

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.Path);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void Open_Throws_WhenFileIsShorterThanTheLengthPrefix(int length)
    {
        using var folder = new TempFolder();
        string path = folder.File("short.safetensors");
        File.WriteAllBytes(path, new byte[length]);

        var e = Assert.Throws<CheckpointFormatException>(() => SafetensorsReader.Open(path).Dispose());

        Assert.Contains($"file is {length} bytes, too short", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_Throws_WhenHeaderIsNotUtf8()
    {
        using var folder = new TempFolder();
        string path = folder.File("latin1.safetensors");
        byte[] header = [.. Encoding.ASCII.GetBytes("{\"__metadata__\":{\"k\":\""), 0xE9, .. Encoding.ASCII.GetBytes("\"}}")];
        File.WriteAllBytes(path, RawSafetensors.Build(header, 0));

        var e = Assert.Throws<CheckpointFormatException>(() => SafetensorsReader.Open(path).Dispose());

        Assert.Contains("not valid UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AcceptsZeroSizedTensorsAndSpacePadding()
    {
        // Given two empty tensors at offset 0, one real tensor after them, and trailing spaces as the reference pads
        string json = "{" + RawSafetensors.Entry("e1", "F32", "0,3", 0, 0) + "," + RawSafetensors.Entry("e2", "BF16", "0", 0, 0) + "," + s_a + "}   ";

        // When
        var header = SafetensorsHeader.Parse(Encoding.UTF8.GetBytes(json), 8, "mem");

        // Then every entry is listed in buffer order with its dims
        Assert.Equal(["e1", "e2", "a"], header.Tensors.Select(t => t.Name).ToArray());
        Assert.Equal([0L, 3L], header.Find("e1")!.Dims);
        Assert.Equal(json.Length, header.HeaderLength);
        Assert.Empty(header.Metadata);
    }
}
