using Amend.Models.Tokenizers;
using Amend.World.Tokenization;

namespace Amend.World.Tests.Tokenization;

public sealed class BpeTrainerTests
{
    [Fact]
    public void TrainedTokenizer_LoadsThroughTokenizerLoader_AndRoundTrips()
    {
        // Given
        var tokenizer = TinyWorld.Tokenizer();
        string text = CorpusBuilder.Sentences(TinyWorld.World)[0] + " Unseen wörds, 42!";

        // When
        int[] ids = tokenizer.Encode(text, addSpecialTokens: false);

        // Then
        Assert.Equal(text, tokenizer.Decode(ids));
        Assert.Equal(320, tokenizer.VocabSize);
        Assert.Equal(0, tokenizer.SpecialTokens.Eos);
        Assert.Equal(0, tokenizer.SpecialTokens.Bos);
        Assert.Equal(BpeTrainer.EndOfText, tokenizer.IdToToken(0));
    }

    [Fact]
    public void FrequentNames_BecomeFewTokens()
    {
        var tokenizer = TinyWorld.Tokenizer();
        string name = TinyWorld.World.OfKind(EntityKind.Country).First().Name;

        int tokens = tokenizer.Encode(" " + name, addSpecialTokens: false).Length;

        Assert.True(tokens <= 2, $"\" {name}\" took {tokens} tokens");
    }

    [Fact]
    public void Training_IsDeterministic()
    {
        var sentences = CorpusBuilder.Sentences(TinyWorld.World);

        var first = BpeTrainer.Train(sentences, 300);
        var second = BpeTrainer.Train(sentences, 300);

        Assert.Equal(first.Merges, second.Merges);
        Assert.Equal(300, first.Vocab.Count);
    }

    [Fact]
    public void TooSmallAVocabulary_IsRejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => BpeTrainer.Train(["a b"], 100));
        Assert.Contains("257", error.Message);
    }
}
