namespace Amend.Cli.Tests.Commands;

public sealed class BenchLoadCommandTests
{
    [Fact]
    public void ANonexistentFolder_OrOneWithoutSafetensors_IsAOneLineError()
    {
        string empty = Directory.CreateTempSubdirectory("amend-bench-load-").FullName;
        try
        {
            var (missingCode, _, missing) = CliRunner.Run(["bench", "load", "--model", Path.Combine(empty, "nope")]);
            var (emptyCode, _, nothing) = CliRunner.Run(["bench", "load", "--model", empty]);

            Assert.Equal((2, 2), (missingCode, emptyCode));
            Assert.Equal($"amend bench load: --model {Path.Combine(empty, "nope")}: no such folder (bench load measures a checkpoint folder)", missing.Trim());
            Assert.Equal($"amend bench load: --model {empty}: the folder holds no .safetensors file to measure loading against", nothing.Trim());
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
