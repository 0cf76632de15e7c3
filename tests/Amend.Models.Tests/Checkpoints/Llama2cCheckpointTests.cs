using Amend.Models.Architectures;
using Amend.Models.Checkpoints;
using Amend.Models.Generation;
using Amend.Models.Tokenizers;

namespace Amend.Models.Tests.Checkpoints;

[Collection(Amend.Models.Tests.LargeMemoryCollection.Name)]
public sealed class Llama2cCheckpointTests
{
    private static string Stories(string file) => SharedFixtures.Path("models", "stories260K", file);

    [Fact]
    public void Stories260K_ImportsUnderHuggingFaceNames()
    {
        var (model, config) = Llama2cModel.Load(Stories("stories260K.bin"));

        Assert.Equal((64, 172, 5, 8, 4, 512), (config.HiddenSize, config.IntermediateSize, config.NumLayers, config.NumHeads, config.NumKeyValueHeads, config.VocabSize));
        Assert.True(config.TieWordEmbeddings);
        Assert.Equal(new Shape(32, 64), model.Parameter("model.layers.4.self_attn.k_proj.weight").Shape);
        Assert.Equal(260_032, model.Parameters.Sum(p => p.Shape.ElementCount));
    }

    [Fact]
    public void Stories260K_GreedyFromBos_TellsTheKnownStory()
    {
        // PROVENANCE.md: a NumPy re-implementation of run.c's forward greedily produces this opening from BOS.
        var (model, _) = Llama2cModel.Load(Stories("stories260K.bin"));
        var tokenizer = TokenizerLoader.FromLlama2c(Stories("tok512.bin"));

        var story = new TextGenerator(model, tokenizer).Generate([[1]], new GenerationOptions { MaxNewTokens = 30 })[0];

        Assert.StartsWith("Once upon a time, there was a little girl named Lily.", story.Text!.TrimStart());
    }

    [Fact]
    public void Stories260K_ContinuesAPrompt_AsAStory()
    {
        var (model, _) = Llama2cModel.Load(Stories("stories260K.bin"));
        var tokenizer = TokenizerLoader.FromLlama2c(Stories("tok512.bin"));

        var story = new TextGenerator(model, tokenizer).Generate("Once upon a time", new GenerationOptions { MaxNewTokens = 40 });

        // The continuation is made of English words and sentences, not byte soup.
        var words = story.Text!.Split([' ', ',', '.', '\n'], StringSplitOptions.RemoveEmptyEntries);
        Assert.True(words.Length >= 8, story.Text);
        Assert.Contains('.', story.Text);
        Assert.All(words, w => Assert.Matches("^[A-Za-z'!?\"]+$", w));
    }

    [Fact]
    public void TruncatedFile_IsRejectedWithSizes()
    {
        string path = Path.Combine(Path.GetTempPath(), $"amend-truncated-{Guid.NewGuid():N}.bin");
        var bytes = File.ReadAllBytes(Stories("stories260K.bin"));
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        try
        {
            var error = Assert.Throws<CheckpointFormatException>(() => Llama2cCheckpoint.Load(path));

            Assert.Contains(path, error.Message);
            Assert.Contains(bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void GarbageHeader_IsRejected(int fill)
    {
        // -1 in every field, or int.MinValue (whose absolute value, the vocabulary size, does not exist).
        string path = Path.Combine(Path.GetTempPath(), $"amend-garbage-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, [.. Enumerable.Repeat(fill, 16).SelectMany(BitConverter.GetBytes)]);
        try
        {
            var error = Assert.Throws<CheckpointFormatException>(() => Llama2cCheckpoint.Load(path));

            Assert.Contains("implausible llama2.c header", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FileOver2GB_LoadsTensorByTensor()
    {
        // Given a 2.35 GB checkpoint (dim 2048, a 262144-token shared vocabulary, one layer), sparse on disk,
        // with a known first embedding value and final norm weight
        const int dim = 2048, hidden = 5504, vocab = 262_144;
        long perLayer = dim + (4L * dim * dim) + dim + (3L * hidden * dim);
        long normOffset = 28 + (4L * ((long)vocab * dim + perLayer));
        long length = normOffset + (4L * dim) + (4L * 16 * 128);
        string path = Path.Combine(Path.GetTempPath(), $"amend-large-{Guid.NewGuid():N}.bin");
        using (var file = File.Create(path))
        {
            file.Write([.. new[] { dim, hidden, 1, 16, 16, vocab, 16 }.SelectMany(BitConverter.GetBytes), .. BitConverter.GetBytes(0.5f)]);
            file.Position = normOffset;
            file.Write(BitConverter.GetBytes(1.25f));
            file.SetLength(length);
        }

        try
        {
            // When it is loaded
            var (config, weights) = Llama2cCheckpoint.Load(path);

            // Then every tensor comes from its place in the file
            Assert.True(length > int.MaxValue);
            Assert.Equal((dim, vocab, 1), (config.HiddenSize, config.VocabSize, config.NumLayers));
            Assert.Equal(0.5f, weights.Get("model.embed_tokens.weight", vocab, dim)[0, 0]);
            Assert.Equal(1.25f, weights.Get("model.norm.weight", dim)[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
