using Amend.Models.Inference;

namespace Amend.Models.Tests.Inference;

public sealed class SequenceTooLongExceptionTests
{
    [Fact]
    public void Message_IsTheSentenceAlone_WithoutTheParameterName()
    {
        var e = new SequenceTooLongException(5012, 1024, "gpt2");

        Assert.Equal("5012 tokens exceed the 1024 positions this gpt2 model supports", e.Message);
        Assert.Equal("batch", e.ParamName);
    }
}
