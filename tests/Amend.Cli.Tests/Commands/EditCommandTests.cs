namespace Amend.Cli.Tests.Commands;

public sealed class EditCommandTests
{
    private static string Model => SharedFixtures.Path("golden", "gpt2");

    private static string Tokenizer => SharedFixtures.Path("models", "fake-gpt2-tiny-random");

    [Fact]
    public void UnknownMethod_ListsKnownOnes()
    {
        var (code, _, error) = CliRunner.Run("edit", "--model", Model, "--tokenizer", Tokenizer, "--method", "NOPE", "--hparams", "x.yaml",
            "--prompt", "The Space Needle is in", "--subject", "Space Needle", "--target", "Goa", "--out", Path.Combine(Path.GetTempPath(), "amend-never"));
        Assert.Equal(2, code);
        Assert.Contains("unknown editing method \"NOPE\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SubjectNotInPrompt_NamesTheField()
    {
        var (code, _, error) = CliRunner.Run("edit", "--model", Model, "--tokenizer", Tokenizer, "--method", "ROME", "--hparams", "x.yaml",
            "--prompt", "The Eiffel Tower is in", "--subject", "Space Needle", "--target", "Goa", "--out", Path.Combine(Path.GetTempPath(), "amend-never"));
        Assert.Equal(2, code);
        Assert.Contains("edit request field \"subject\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingTarget_IsAnError()
    {
        var (code, _, error) = CliRunner.Run("edit", "--model", Model, "--method", "ROME", "--hparams", "x.yaml",
            "--prompt", "The Space Needle is in", "--subject", "Space Needle", "--out", Path.Combine(Path.GetTempPath(), "amend-never"));
        Assert.Equal(2, code);
        Assert.Contains("--target", error, StringComparison.Ordinal);
    }
}
