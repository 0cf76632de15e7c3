namespace Amend.Models.Tokenizers;

/// <summary>Loads tokenizers from Hugging Face folders and files, and from llama2.c's tokenizer.bin.</summary>
public static class TokenizerLoader
{
    /// <summary>llama2.c's default tokenizer file name.</summary>
    public const string Llama2cFileName = "tokenizer.bin";

    /// <summary>
    /// Loads the tokenizer of a model folder: tokenizer.json when present, else vocab.json + merges.txt, else
    /// llama2.c's tokenizer.bin. tokenizer_config.json and special_tokens_map.json beside them supply the
    /// special tokens and the decoding clean-up default.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">None of the files is there; the message lists what was looked for.</exception>
    /// <exception cref="TokenizerFormatException">A file is malformed or uses an unsupported feature.</exception>
    /// <exception cref="InvalidDataException">The file is too large to be what it should be (see <see cref="Amend.Models.Checkpoints.InputFile"/>); the message names it.</exception>
    public static ITokenizer FromFolder(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"tokenizer folder not found: {directory}");

        string json = Path.Combine(directory, TokenizerJsonReader.FileName);
        if (File.Exists(json)) return TokenizerJsonReader.Read(json);
        string vocab = Path.Combine(directory, VocabMergesReader.VocabFile);
        string merges = Path.Combine(directory, VocabMergesReader.MergesFile);
        if (File.Exists(vocab) && File.Exists(merges)) return VocabMergesReader.Read(vocab, merges);
        string llama2c = Path.Combine(directory, Llama2cFileName);
        if (File.Exists(llama2c)) return Llama2cTokenizer.Read(llama2c, vocabSize: null);

        throw new FileNotFoundException(
            $"no tokenizer in {directory}: looked for {TokenizerJsonReader.FileName}, then {VocabMergesReader.VocabFile} + {VocabMergesReader.MergesFile} (both), then {Llama2cFileName}"
            + (File.Exists(vocab) != File.Exists(merges) ? $"; only {(File.Exists(vocab) ? VocabMergesReader.VocabFile : VocabMergesReader.MergesFile)} is there" : ""));
    }

    /// <summary>
    /// Loads a Hugging Face tokenizer.json whose model is BPE (byte-level or SentencePiece-style with byte
    /// fallback), reading tokenizer_config.json and special_tokens_map.json from the same folder when present.
    /// Without them, BOS/EOS are taken from the post-processor's template when it adds exactly one token.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TokenizerFormatException">Malformed JSON, a missing field, or an unsupported model, normalizer, pre-tokenizer, decoder or post-processor type.</exception>
    /// <exception cref="InvalidDataException">The file is too large to be what it should be (see <see cref="Amend.Models.Checkpoints.InputFile"/>); the message names it.</exception>
    public static BpeTokenizer FromTokenizerJson(string path)
    {
        RequireFile(path);
        return TokenizerJsonReader.Read(path);
    }

    /// <summary>
    /// Loads a GPT-2-style byte-level BPE from vocab.json and merges.txt, with the config files of the vocabulary's
    /// folder (add_prefix_space, add_bos_token, add_eos_token, special tokens, added_tokens_decoder).
    /// </summary>
    /// <exception cref="FileNotFoundException">A file does not exist.</exception>
    /// <exception cref="TokenizerFormatException">A file is malformed, or a merge or special token is not in the vocabulary.</exception>
    /// <exception cref="InvalidDataException">The file is too large to be what it should be (see <see cref="Amend.Models.Checkpoints.InputFile"/>); the message names it.</exception>
    public static BpeTokenizer FromVocabAndMerges(string vocabPath, string mergesPath)
    {
        RequireFile(vocabPath);
        RequireFile(mergesPath);
        return VocabMergesReader.Read(vocabPath, mergesPath);
    }

    /// <summary>Loads a llama2.c tokenizer.bin (any file name, e.g. tok512.bin).</summary>
    /// <param name="path">The file.</param>
    /// <param name="vocabSize">
    /// The model's vocabulary size, which the file does not store: when given, the file must hold exactly that many
    /// tokens (run.c reads that many); when null, tokens are read to the end of the file.
    /// </param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TokenizerFormatException">The file is truncated, has trailing bytes, or does not have llama2.c's layout.</exception>
    /// <exception cref="InvalidDataException">The file is too large to be what it should be (see <see cref="Amend.Models.Checkpoints.InputFile"/>); the message names it.</exception>
    public static Llama2cTokenizer FromLlama2c(string path, int? vocabSize = null)
    {
        RequireFile(path);
        if (vocabSize is < 259) throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, "a llama2.c vocabulary has at least 259 tokens (unk, bos, eos and 256 bytes)");
        return Llama2cTokenizer.Read(path, vocabSize);
    }

    private static void RequireFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"tokenizer file not found: {path}", path);
    }
}
