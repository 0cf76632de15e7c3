using System.Text.Json;
using Amend.Models.Checkpoints;
using Amend.World.Benchmark;
using Amend.World.Facts;
using Amend.World.Tokenization;

namespace Amend.World.Generation;

/// <summary>
/// The files of a generated world: world.json, corpus.txt (one training sentence per line),
/// tokenizer.json + tokenizer_config.json (byte-level BPE trained on the corpus), and benchmark.json
/// (KnowEdit-shaped edit requests, seeded by the world's seed).
/// </summary>
public static class WorldFolder
{
    /// <summary>The corpus file name.</summary>
    public const string CorpusFile = "corpus.txt";

    /// <summary>The benchmark file name.</summary>
    public const string BenchmarkFile = "benchmark.json";

    /// <summary>Edit requests written to benchmark.json.</summary>
    public const int BenchmarkRecords = 200;

    /// <summary>
    /// Writes every file of <paramref name="world"/> into <paramref name="folder"/> (created if needed). All are
    /// computed first, then written under temporary names and renamed into place together, so a failure leaves
    /// the folder as it was.
    /// </summary>
    /// <param name="world">The world.</param>
    /// <param name="folder">Destination folder.</param>
    /// <param name="vocabSize">BPE vocabulary size.</param>
    /// <param name="maxLength">model_max_length written to tokenizer_config.json.</param>
    public static void Write(FactWorld world, string folder, int vocabSize, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(world);
        var sentences = CorpusBuilder.Sentences(world);

        // Sentences start texts and also follow a space inside packed rows; both spellings shape the merges.
        var vocabulary = BpeTrainer.Train(sentences.Concat(sentences.Select(s => " " + s)), vocabSize);
        var records = BenchmarkBuilder.Build(world, BenchmarkRecords, world.Seed);
        var texts = new Dictionary<string, string>(TokenizerFiles.Texts(vocabulary, maxLength))
        {
            [WorldFile.FileName] = WorldFile.ToJson(world),
            [CorpusFile] = string.Concat(sentences.Select(s => s + "\n")),
            [BenchmarkFile] = JsonSerializer.Serialize(records, new JsonSerializerOptions { WriteIndented = true }),
        };
        using var staged = new StagedFiles();
        foreach (var (name, text) in texts) staged.WriteText(Path.Combine(folder, name), text);
        staged.Commit();
    }

    /// <summary>The training sentences stored in <paramref name="folder"/>.</summary>
    /// <exception cref="IOException">corpus.txt is missing.</exception>
    /// <exception cref="InvalidDataException">corpus.txt is larger than <see cref="InputFile.MaxBytes"/> (the message names it).</exception>
    public static IReadOnlyList<string> ReadCorpus(string folder)
    {
        string path = Path.Combine(folder, CorpusFile);
        if (!File.Exists(path)) throw new IOException($"{path} not found; create the world with `amend world generate`");
        InputFile.RequireSize(path, "a world's corpus", InputFile.MaxBytes);
        return [.. File.ReadAllLines(path).Where(l => l.Length > 0)];
    }
}
