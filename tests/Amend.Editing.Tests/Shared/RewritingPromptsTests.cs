using Amend.Editing.Shared;

namespace Amend.Editing.Tests.Shared;

/// <summary>Where the v* (z) batch puts the delta, the target positions and the KL position.</summary>
public sealed class RewritingPromptsTests
{
    private const string Prompt = "The {} is located in";
    private const string Subject = "Space Needle";
    private static readonly string[] Templates = ["{}", "Because of that. {}"];

    [Fact]
    public void LastFactToken_PutsTheDeltaOnThePromptsLastToken_NotOnTheAppendedTargetPrefix()
    {
        // Given a target of several tokens, whose prefix is appended to every rewriting prompt
        var model = GoldenGpt2.Load();
        int[] target = model.EncodeContinuation(" Goa and Mumbai");
        Assert.True(target.Length >= 3, "the target must have several tokens for this test");

        // When
        var prompts = RewritingPrompts.Build(model, Prompt, Subject, target, Templates, FactToken.Last);

        // Then each row's delta sits on the last token of context.format(prompt), which predicts the target's first token
        int length = prompts.Batch.Length;
        for (int row = 0; row < Templates.Length; row++)
        {
            int last = model.Tokenizer.Encode(Templates[row].Replace("{}", Prompt.Replace("{}", Subject, StringComparison.Ordinal), StringComparison.Ordinal)).Length - 1;
            Assert.Equal(last, prompts.LookupIndices[row]);
            Assert.Equal((row * length) + last, prompts.TargetPositions[row * target.Length]);
        }

        // And the KL prompt's delta and distribution are at the last token of "{subject} is a"
        int kl = model.Tokenizer.Encode(Subject + " is a").Length - 1;
        Assert.Equal(kl, prompts.LookupIndices[^1]);
        Assert.Equal((Templates.Length * length) + kl, Assert.Single(prompts.KlPositions));
    }

    [Fact]
    public void SubjectLastFactToken_PutsTheDeltaOnTheSubjectsLastToken_InEveryRow()
    {
        // Given
        var model = GoldenGpt2.Load();
        int[] target = model.EncodeContinuation(" Goa and Mumbai");

        // When
        var prompts = RewritingPrompts.Build(model, Prompt, Subject, target, Templates, FactToken.SubjectLast);

        // Then the index is the subject's last token, wherever the context puts the prompt
        for (int row = 0; row < Templates.Length; row++)
        {
            string before = Templates[row].Replace("{}", "The " + Subject, StringComparison.Ordinal);
            Assert.Equal(model.Tokenizer.Encode(before).Length - 1, prompts.LookupIndices[row]);
        }

        Assert.Equal(model.Tokenizer.Encode(Subject).Length - 1, prompts.LookupIndices[^1]);
    }
}
