using System.Text.Json;

namespace Amend.Cli.Tests.Commands;

public sealed class WorldCommandTests
{
    [Fact]
    public void GenerateTrainEval_OnATinyWorld_WritesAModelAndMeasuresRecall()
    {
        // Given
        string root = Path.Combine(Path.GetTempPath(), $"amend-world-cli-{Guid.NewGuid():N}");
        string world = Path.Combine(root, "world"), model = Path.Combine(root, "model");

        try
        {
            // When
            var generate = CliRunner.Run("world", "generate", "--seed", "2", "--out", world, "--tiny", "--vocab-size", "300");
            var train = CliRunner.Run("world", "train", "--world", world, "--out", model, "--arch", "llama", "--hidden", "16", "--layers", "1", "--heads", "2",
                "--positions", "64", "--steps", "4", "--warmup", "1", "--batch-size", "2", "--seq-len", "16");
            var eval = CliRunner.Run("world", "eval", "--model", model, "--json");

            // Then
            Assert.True(generate.ExitCode == 0, generate.Error);
            Assert.All(new[] { "world.json", "corpus.txt", "tokenizer.json", "benchmark.json" }, f => Assert.True(File.Exists(Path.Combine(world, f)), f));
            Assert.True(train.ExitCode == 0, train.Error);
            Assert.Contains("final loss", train.Output);
            Assert.All(new[] { "config.json", "model.safetensors", "tokenizer.json", "world.json", "loss.csv" }, f => Assert.True(File.Exists(Path.Combine(model, f)), f));
            Assert.True(eval.ExitCode == 0, eval.Error);
            using var json = JsonDocument.Parse(eval.Output);
            Assert.All(new[] { "facts_recall", "paraphrase_recall", "alias_recall" }, key => Assert.InRange(json.RootElement.GetProperty(key).GetDouble(), 0, 1));

            // And a checkpoint that cannot be written (a folder of notes in its place) is a warning, not the end of training
            string checkpoints = Path.Combine(root, "checkpoints"), again = Path.Combine(root, "model-again");
            Directory.CreateDirectory(Path.Combine(checkpoints, "step-2"));
            File.WriteAllText(Path.Combine(checkpoints, "step-2", "notes.txt"), "keep me");
            var blocked = CliRunner.Run("world", "train", "--world", world, "--out", again, "--arch", "llama", "--hidden", "16", "--layers", "1", "--heads", "2",
                "--positions", "64", "--steps", "4", "--warmup", "1", "--batch-size", "2", "--seq-len", "16", "--checkpoint-every", "2", "--checkpoints", checkpoints);
            Assert.True(blocked.ExitCode == 0, blocked.Error);
            Assert.Contains("warning: checkpoint step-2 was not saved (", blocked.Error, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(again, "model.safetensors")));
            Assert.Equal("keep me", File.ReadAllText(Path.Combine(checkpoints, "step-2", "notes.txt")));

            // And a world folder that has lost its world.json is refused before training, not after
            File.Delete(Path.Combine(world, "world.json"));
            var withoutWorld = CliRunner.Run("world", "train", "--world", world, "--out", Path.Combine(root, "model2"), "--steps", "4", "--warmup", "1");
            Assert.Equal(2, withoutWorld.ExitCode);
            Assert.Contains("world.json is missing; the trained model's folder carries it", withoutWorld.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("final loss", withoutWorld.Output, StringComparison.Ordinal);

            // And a new world is not written into the trained model's folder
            string tokenizer = File.ReadAllText(Path.Combine(model, "tokenizer.json"));
            var intoModel = CliRunner.Run("world", "generate", "--seed", "3", "--out", model, "--tiny", "--vocab-size", "300");
            Assert.Equal(2, intoModel.ExitCode);
            Assert.Contains("holds a model (config.json or safetensors)", intoModel.Error, StringComparison.Ordinal);
            Assert.Equal(tokenizer, File.ReadAllText(Path.Combine(model, "tokenizer.json")));
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Generate_AVocabularySmallerThanTheBytes_IsRefusedByName()
    {
        var (code, _, error) = CliRunner.Run("world", "generate", "--out", Path.Combine(Path.GetTempPath(), "amend-never-a-world"), "--vocab-size", "3");

        Assert.Equal(2, code);
        Assert.Contains("--vocab-size must be at least 257 (an end-of-text token and the 256 bytes), got 3", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_IntoAFile_IsRefusedByName()
    {
        string file = Path.Combine(Path.GetTempPath(), $"amend-world-file-{Guid.NewGuid():N}");
        File.WriteAllText(file, "");
        try
        {
            var (code, _, error) = CliRunner.Run("world", "generate", "--out", file, "--tiny");

            Assert.Equal(2, code);
            Assert.Contains($"cannot write in {file} for the world (--out): {file} is a file", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Generate_IntoAFolderOfOtherFiles_IsRefused_ButAnotherWorldIsReplaced()
    {
        string root = Directory.CreateTempSubdirectory("amend-world-into-").FullName;
        try
        {
            string notes = Path.Combine(root, "notes"), world = Path.Combine(root, "world");
            Directory.CreateDirectory(notes);
            File.WriteAllText(Path.Combine(notes, "todo.txt"), "keep me");

            var intoNotes = CliRunner.Run("world", "generate", "--out", notes, "--tiny", "--vocab-size", "300");
            var first = CliRunner.Run("world", "generate", "--seed", "2", "--out", world, "--tiny", "--vocab-size", "300");
            var again = CliRunner.Run("world", "generate", "--seed", "3", "--out", world, "--tiny", "--vocab-size", "300");

            Assert.Equal(2, intoNotes.ExitCode);
            Assert.Contains("holds other files and no world.json", intoNotes.Error, StringComparison.Ordinal);
            Assert.Equal(["todo.txt"], Directory.GetFileSystemEntries(notes).Select(Path.GetFileName));
            Assert.Equal(0, first.ExitCode);
            Assert.True(again.ExitCode == 0, again.Error);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Train_ABrokenWorldFile_IsRefusedBeforeTraining()
    {
        // Given a tiny world whose world.json was cut short
        string root = Directory.CreateTempSubdirectory("amend-world-broken-").FullName;
        try
        {
            string world = Path.Combine(root, "world");
            Assert.Equal(0, CliRunner.Run("world", "generate", "--seed", "2", "--out", world, "--tiny", "--vocab-size", "300").ExitCode);
            File.WriteAllText(Path.Combine(world, "world.json"), "{");

            // When
            var (code, output, error) = CliRunner.Run("world", "train", "--world", world, "--out", Path.Combine(root, "model"), "--steps", "2", "--warmup", "1");

            // Then
            Assert.Equal(2, code);
            Assert.Contains("world.json is not a world file", error, StringComparison.Ordinal);
            Assert.DoesNotContain("step", output, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(root, "model")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Eval_WithoutAWorld_SaysWhatIsMissing()
    {
        var (code, _, error) = CliRunner.Run("world", "eval", "--model", Path.Combine(Path.GetTempPath(), "no-such-model-folder"));

        Assert.Equal(2, code);
        Assert.Contains("world.json", error);
    }

    [Theory]
    [InlineData(new[] { "--steps", "4", "--warmup", "10" }, "--warmup must be in 0..3 (fewer than the steps), got 10")]
    [InlineData(new[] { "--clip", "Infinity" }, "--clip must be finite and > 0, got Infinity")]
    [InlineData(new[] { "--steps", "0" }, "--steps must be at least 1, got 0")]
    [InlineData(new[] { "--batch-size", "0" }, "--batch-size must be at least 1, got 0")]
    [InlineData(new[] { "--seq-len", "1" }, "--seq-len must be at least 2 (a row predicts each token from the ones before it), got 1")]
    [InlineData(new[] { "--lr", "0" }, "--lr must be finite and > 0, got 0")]
    [InlineData(new[] { "--lr", "0.1", "--min-lr", "0.2" }, "--min-lr must be in 0..0.1 (the peak learning rate), got 0.2")]
    [InlineData(new[] { "--weight-decay", "-1" }, "--weight-decay must be finite and ≥ 0, got -1")]
    [InlineData(new[] { "--checkpoint-every", "-1" }, "--checkpoint-every must be ≥ 0, got -1")]
    [InlineData(new[] { "--heads", "5" }, "--heads must be at least 1 and divide the hidden size 128 (each head takes an equal slice), got 5")]
    [InlineData(new[] { "--hidden", "0" }, "--hidden must be at least 1, got 0 (see amend world train --help)")]
    [InlineData(new[] { "--positions", "0" }, "--positions must be at least 1, got 0 (see amend world train --help)")]
    public void Train_AnOptionOutOfRange_IsNamedAsGiven(string[] options, string expected)
    {
        var (code, _, error) = CliRunner.Run([
            "world", "train", "--world", Path.Combine(Path.GetTempPath(), "amend-no-such-world"), "--out", Path.Combine(Path.GetTempPath(), "amend-no-model"), .. options]);

        Assert.Equal(2, code);
        Assert.Equal($"amend world train: {expected}" + Environment.NewLine, error);
    }

    [Fact]
    public void Train_AModelOfAnotherWorld_OrRowsLongerThanItsPositions_IsRefusedBeforeTraining()
    {
        // Given two tiny worlds and a model trained on the first
        string root = Directory.CreateTempSubdirectory("amend-world-init-").FullName;
        string first = Path.Combine(root, "first"), second = Path.Combine(root, "second"), model = Path.Combine(root, "model");
        string[] shape = ["--arch", "llama", "--hidden", "16", "--layers", "1", "--heads", "2", "--positions", "64", "--steps", "2", "--warmup", "1", "--batch-size", "2"];
        try
        {
            Assert.Equal(0, CliRunner.Run("world", "generate", "--seed", "2", "--out", first, "--tiny", "--vocab-size", "300").ExitCode);
            Assert.Equal(0, CliRunner.Run("world", "generate", "--seed", "3", "--out", second, "--tiny", "--vocab-size", "300").ExitCode);
            var trained = CliRunner.Run(["world", "train", "--world", first, "--out", model, .. shape, "--seq-len", "16"]);
            Assert.True(trained.ExitCode == 0, trained.Error);

            // When it is continued on the second world, and a fresh model is given rows longer than its positions
            var otherWorld = CliRunner.Run(["world", "train", "--world", second, "--out", Path.Combine(root, "b"), "--init", model, .. shape, "--seq-len", "16"]);
            var tooLong = CliRunner.Run(["world", "train", "--world", first, "--out", Path.Combine(root, "c"), .. shape, "--seq-len", "80"]);

            // Then both are refused, naming the option, before a step is taken
            Assert.Equal(2, otherWorld.ExitCode);
            Assert.Contains($"--init {model} was not trained with {Path.Combine(second, "tokenizer.json")}", otherWorld.Error, StringComparison.Ordinal);
            Assert.Equal(2, tooLong.ExitCode);
            Assert.Contains("--seq-len 80: a row of 80 tokens feeds 79 positions, more than the model's 64 (--positions)", tooLong.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("step 1/", otherWorld.Output + tooLong.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Train_IntoAFolderThatIsNotAModel_IsRefusedBeforeTraining()
    {
        // Given a folder of notes where the model should go
        string notes = Directory.CreateTempSubdirectory("amend-world-notes-").FullName;
        File.WriteAllText(Path.Combine(notes, "notes.txt"), "keep me");
        try
        {
            // When: the world does not even exist, so anything after the check would fail differently
            var (code, output, error) = CliRunner.Run("world", "train", "--world", Path.Combine(Path.GetTempPath(), "amend-no-such-world"), "--out", notes, "--steps", "2", "--warmup", "1");

            // Then
            Assert.Equal(2, code);
            Assert.Contains("is not a model folder", error, StringComparison.Ordinal);
            Assert.DoesNotContain("parameters", output, StringComparison.Ordinal);
            Assert.Equal("keep me", File.ReadAllText(Path.Combine(notes, "notes.txt")));
        }
        finally
        {
            Directory.Delete(notes, recursive: true);
        }
    }
}
