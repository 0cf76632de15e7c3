using Amend.Evaluation.Metrics;

namespace Amend.Evaluation.Tests.Metrics;

public sealed class MetricTests
{
    [Fact]
    public void TokenAccuracy_GivesPartialCreditPerToken()
    {
        // Given/When: two of three answer tokens are the argmax
        double accuracy = TokenAccuracy.Of([1, 5, 3], [1, 2, 3]);

        // Then
        Assert.Equal(200.0 / 3, accuracy, 10);
        Assert.Throws<ArgumentException>(() => TokenAccuracy.Of([1], [1, 2]));
        Assert.Throws<ArgumentException>(() => TokenAccuracy.Of([], []));
    }

    [Fact]
    public void TokenAgreement_IsTheIssueExample_AndCountsMissingPositionsAsChanged()
    {
        Assert.Equal(66.67, TokenAgreement.Of([29, 234, 334], [29, 234, 333]), 2);
        Assert.Equal(100.0 / 3, TokenAgreement.Of([29, 234, 334], [29]), 10);
        Assert.Equal(100, TokenAgreement.Of([7], [7, 8]));
    }

    [Fact]
    public void ProbabilityComparison_SuccessAndMagnitude()
    {
        // mean NLL 1 (P = e^-1 = 0.367879) against 2 (P = e^-2 = 0.135335)
        Assert.Equal(100, ProbabilityComparison.Success(1, 2));
        Assert.Equal(0, ProbabilityComparison.Success(2, 1));
        Assert.Equal(0, ProbabilityComparison.Success(1, 1));
        Assert.Equal(23.2544, ProbabilityComparison.Margin(1, 2), 4);
        Assert.Equal(2, ProbabilityComparison.MeanNll([-1, -3]));
    }

    [Fact]
    public void ExactMatch_AndRefusalMatch()
    {
        Assert.Equal(100, ExactMatch.Of([4, 5, 6], [4, 5]));
        Assert.Equal(0, ExactMatch.Of([4, 6], [4, 5]));
        Assert.Equal(100, RefusalMatch.Of(" i DON'T know. Maybe", "I don't know."));
        Assert.Equal(0, RefusalMatch.Of(" Birds", "I don't know."));
    }

    [Fact]
    public void NGramEntropy_WeightsBigramAndTrigramEntropies()
    {
        // "a b a b": bigrams ab, ba, ab → H2 = −(2/3 log2 2/3 + 1/3 log2 1/3) = 0.918296;
        // trigrams aba, bab → H3 = 1; fluency = (2/3 · 0.918296 + 4/3 · 1) / 2 = 0.972765
        Assert.Equal(0.972765, NGramEntropy.Of("a b a b"), 6);
        Assert.Equal(0, NGramEntropy.Of("the cat"));
        Assert.Equal(0, NGramEntropy.Of(""));
        // four distinct words: H2 = log2 3, H3 = 1 → (2/3 · 1.584963 + 4/3) / 2 = 1.194988
        Assert.Equal(1.194988, NGramEntropy.Of("one two three four"), 6);
    }

    [Fact]
    public void WordTokenizer_SplitsPunctuationAndClitics_LikeTreebank()
    {
        Assert.Equal(["I", "do", "n't", "know", "."], WordTokenizer.Split("I don't know."));
        Assert.Equal(["It", "'s", "3.5", "U.S.", "dollars", ",", "is", "n't", "it", "?"], WordTokenizer.Split("It's 3.5 U.S. dollars, isn't it?"));
        Assert.Equal(["1,000", "(", "big", ")", "..."], WordTokenizer.Split("1,000 (big)..."));
    }

    [Fact]
    public void ConvSentScore_EditSuccessAndKl()
    {
        // sigmoid(0) = 0.5, topic factor min(1, e^1) = 1
        Assert.Equal(50, ConvSentScore.EditSuccess(targetPost: -1, otherPost: -1, targetPre: -2), 10);
        // sigmoid(−2) = 0.119203, topic factor e^−1 = 0.367879 → 4.38518
        Assert.Equal(4.38518, ConvSentScore.EditSuccess(targetPost: -3, otherPost: -1, targetPre: -2), 4);
        // p = (0.25, 0.75), q = (0.5, 0.5): 0.25 ln 0.5 + 0.75 ln 1.5 = 0.130812
        Assert.Equal(0.130812, ConvSentScore.KlDivergence([0, MathF.Log(3)], [0, 0]), 5);
        Assert.Equal(0, ConvSentScore.KlDivergence([1, 2, 3], [1, 2, 3]), 12);
        Assert.Throws<ArgumentException>(() => ConvSentScore.KlDivergence([1, 2], [1]));
    }

    [Fact]
    public void Score_KeyNamesMetricKindAndProtocol()
    {
        Assert.Equal("locality[Forgetfulness] (ArgmaxAgreement)", new Score(MetricNames.Locality, "Forgetfulness", 50, MetricProtocol.ArgmaxAgreement).Key);
        Assert.Equal("reliability (TokenAccuracy)", new Score(MetricNames.Reliability, null, 50, MetricProtocol.TokenAccuracy).Key);
    }
}
