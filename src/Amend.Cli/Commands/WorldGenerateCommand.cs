using System.CommandLine;
using Amend.Models.Checkpoints;
using Amend.Models.HuggingFace;
using Amend.World.Generation;
using Amend.World.Tokenization;

namespace Amend.Cli.Commands;

/// <summary><c>amend world generate</c>: write a world's files (world.json, corpus.txt, tokenizer, benchmark.json).</summary>
internal static class WorldGenerateCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the world.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder to write.", Required = true }.NonEmptyPath();
        var vocab = new Option<int>("--vocab-size") { Description = "BPE vocabulary size.", DefaultValueFactory = _ => 1024 }
            .Must(size => size >= BpeTrainer.MinVocabSize, $"at least {BpeTrainer.MinVocabSize} (an end-of-text token and the 256 bytes)");
        var tiny = new Option<bool>("--tiny") { Description = "A world of a few dozen entities (tests, smoke runs)." };
        var command = new Command("generate", "Write world.json, corpus.txt, tokenizer.json and benchmark.json for a seed.") { seed, output, vocab, tiny };
        command.SetAction(parse => CommandErrors.Run("world generate", parse.InvocationConfiguration.Error, () =>
        {
            string folder = parse.GetValue(output)!;

            // A world folder's files are a trained model's too: writing a new world into a model would replace its
            // tokenizer and world.json under its weights.
            if (ModelSaver.IsModelFolder(folder))
            {
                throw new IOException($"--out {folder} holds a model (config.json or safetensors); a new world would replace its tokenizer and world.json, so give another folder");
            }

            WritableFolder.Require(folder, "for the world (--out)");
            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any() && !File.Exists(Path.Combine(folder, WorldFile.FileName)))
            {
                throw new IOException($"--out {folder} holds other files and no {WorldFile.FileName}; a world goes into a new or empty folder, or replaces another world");
            }

            var world = WorldGenerator.Generate(parse.GetValue(seed), parse.GetValue(tiny) ? WorldSizes.Tiny : WorldSizes.Default);
            WorldFolder.Write(world, folder, parse.GetValue(vocab), maxLength: 64);
            parse.InvocationConfiguration.Output.WriteLine($"world {world.Seed}: {world.Entities.Count} entities, {world.AllFacts.Count()} facts -> {Path.GetFullPath(folder)}");
            return 0;
        }));
        return command;
    }
}
