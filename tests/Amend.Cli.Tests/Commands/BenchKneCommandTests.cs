using Amend.Cli.Commands;

namespace Amend.Cli.Tests.Commands;

public sealed class BenchKneCommandTests
{
    [Fact]
    public void Run_OnTheToyModel_ReportsAttributionNextToOneForwardBackward()
    {
        // Given the embedded toy model and its recipe
        string model = CheckoutFiles.Find(Path.Combine("models", "world-gpt2"), "run from the checkout");
        string hparams = CheckoutFiles.Find(Path.Combine("hparams", "KNE", "world-gpt2.yaml"), "run from the checkout");

        // When
        var (code, output, error) = CliRunner.Run("bench", "kne", "--model", model, "--hparams", hparams, "--edits", "1");

        // Then
        Assert.True(code == 0, error);
        foreach (string row in new[] { "262,144 parameters", "20 (ig_steps 20, together)", "one forward+backward of P", "attribution per edit", "threshold and ensemble" })
        {
            Assert.Contains(row, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Run_BadHyperparameters_FailsInOneLine()
    {
        // Given a recipe with an ensemble fraction out of range
        string path = Path.Combine(Path.GetTempPath(), $"kne-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "rewrite_module_tmp: transformer.h.{}.mlp.c_proj\np: 2");
        string model = CheckoutFiles.Find(Path.Combine("models", "world-gpt2"), "run from the checkout");

        // When
        var (code, _, error) = CliRunner.Run("bench", "kne", "--model", model, "--hparams", path);
        File.Delete(path);

        // Then
        Assert.Equal(2, code);
        Assert.Contains("p: the ensemble's fraction must be in (0, 1], got 2", error, StringComparison.Ordinal);
    }
}
