using Amend.Models.Architectures;
using Amend.Models.Checkpoints;
using Amend.Models.Inference;
using Amend.Models.Tokenizers;

namespace Amend.Models.HuggingFace;

/// <summary>A model with its tokenizer and where it came from: what the command line and services load.</summary>
/// <param name="Model">The network.</param>
/// <param name="Tokenizer">Its tokenizer, or null when the source has none (then work in token ids).</param>
/// <param name="Source">The folder or file it was loaded from.</param>
/// <param name="ConfigJson">config.json text for saving when the source has none (imports), else null.</param>
public sealed record PretrainedModel(CausalLanguageModel Model, ITokenizer? Tokenizer, string Source, string? ConfigJson)
{
    /// <summary>The folder or llama2.c tokenizer file <see cref="Tokenizer"/> was read from; null when there is none.</summary>
    public string? TokenizerSource { get; init; }

    /// <summary>
    /// Loads a Hugging Face folder (config.json + safetensors, tokenizer files if present) or a llama2.c .bin file.
    /// <paramref name="tokenizerPath"/> overrides where the tokenizer comes from (a folder, or a llama2.c tokenizer .bin).
    /// </summary>
    /// <exception cref="FileNotFoundException">Neither a folder nor a file exists at <paramref name="path"/>.</exception>
    public static PretrainedModel Load(string path, string? tokenizerPath = null, ICollection<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            var model = ModelFolder.Load(path, warnings);
            string tokenizerFrom = tokenizerPath ?? path;
            var folderTokenizer = LoadTokenizer(tokenizerFrom, model.VocabSize, required: tokenizerPath is not null);
            WarnOnVocabularyMismatch(folderTokenizer, model, tokenizerFrom, warnings);
            return new PretrainedModel(model, folderTokenizer, path, null) { TokenizerSource = folderTokenizer is null ? null : tokenizerFrom };
        }

        if (!File.Exists(path)) throw new FileNotFoundException($"no model folder or llama2.c file at {path}", path);
        RefuseOtherFormats(path);
        var (imported, config) = Llama2cModel.Load(path);
        string? besideTokenizer = tokenizerPath ?? Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(path))!, "tok*.bin").FirstOrDefault();
        var tokenizer = besideTokenizer is null ? null : LoadTokenizer(besideTokenizer, imported.VocabSize, required: true);
        if (besideTokenizer is not null) WarnOnVocabularyMismatch(tokenizer, imported, besideTokenizer, warnings);
        return new PretrainedModel(imported, tokenizer, path, config.ToConfigJson()) { TokenizerSource = besideTokenizer };
    }

    // A single file is read as llama2.c, whose header has no magic number; files of the formats users most
    // often pass instead are recognised by their first bytes, so the error says what they are.
    private static void RefuseOtherFormats(string path)
    {
        Span<byte> start = stackalloc byte[9];
        int read;
        using (var stream = File.OpenRead(path)) read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        bool zip = read >= 2 && start[0] == (byte)'P' && start[1] == (byte)'K';
        bool pickle = read >= 2 && start[0] == 0x80 && start[1] is >= 2 and <= 5;
        if (zip || pickle) throw PickleCheckpointDetector.FileError(path);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            throw new CheckpointFormatException(path, "is a JSON file, not a checkpoint; pass the model folder that holds config.json and the weights");
        }

        if (read == 9 && start[8] == (byte)'{' && path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            throw new CheckpointFormatException(path, "is a safetensors weight file; pass the model folder that holds it with its config.json");
        }
    }

    // A tokenizer with more tokens than the model's embedding has rows is almost always another model's; its
    // first id past the embedding fails the forward pass, so the mismatch is reported on load, where it is clearer.
    private static void WarnOnVocabularyMismatch(ITokenizer? tokenizer, CausalLanguageModel model, string tokenizerPath, ICollection<string>? warnings)
    {
        if (tokenizer is not null && tokenizer.VocabSize > model.VocabSize)
        {
            warnings?.Add($"the tokenizer in {tokenizerPath} has {tokenizer.VocabSize} tokens but the model's vocabulary has {model.VocabSize}: is it this model's tokenizer? Text with ids ≥ {model.VocabSize} will be refused");
        }
    }

    private static ITokenizer? LoadTokenizer(string path, int vocabSize, bool required)
    {
        if (File.Exists(path)) return TokenizerLoader.FromLlama2c(path, vocabSize);
        bool present = new[] { "tokenizer.json", "vocab.json", TokenizerLoader.Llama2cFileName }.Any(f => File.Exists(Path.Combine(path, f)));
        return present || required ? TokenizerLoader.FromFolder(path) : null;
    }
}
