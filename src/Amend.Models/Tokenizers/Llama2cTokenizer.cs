using System.Runtime.InteropServices;
using System.Text;
using Amend.Models.Checkpoints;

namespace Amend.Models.Tokenizers;

/// <summary>
/// The SentencePiece BPE tokenizer of llama2.c's <c>tokenizer.bin</c> (e.g. stories260K's tok512.bin), encoding
/// and decoding exactly like llama2.c's run.c. Load one with <see cref="TokenizerLoader.FromLlama2c"/>.
/// </summary>
/// <remarks>
/// Ids 0, 1, 2 are UNK, BOS and EOS; ids 3..258 are the byte tokens "&lt;0x00&gt;".."&lt;0xFF&gt;". Encoding
/// prepends a space (SentencePiece's dummy prefix) to non-empty text, spells each character as its piece or,
/// without one, as byte tokens, then repeatedly merges the adjacent pair whose concatenation is the piece with
/// the highest score (leftmost on ties). Pieces store real spaces where SentencePiece has "▁".
/// </remarks>
public sealed class Llama2cTokenizer : ITokenizer
{
    private const int FirstByteId = 3;
    // run.c starts its search for the best merge at this score and takes only a strictly higher one, so a piece
    // scored at or below it, or NaN, is never formed by merging.
    private const float RunCScoreFloor = -1e10f;

    private readonly string[] _pieces;
    private readonly Dictionary<string, int> _ids;
    private readonly MergeRules _rules = new();
    private readonly int _spaceId;

    internal Llama2cTokenizer(string[] pieces, float[] scores, string path)
    {
        _pieces = pieces;
        _ids = [];
        for (int id = 0; id < pieces.Length; id++) _ids.TryAdd(pieces[id], id);
        RequireLayout(path);
        _spaceId = _ids.TryGetValue(" ", out int space)
            ? space
            : throw new TokenizerFormatException(path, "has no \" \" piece, which encoding needs for the dummy prefix");

        // run.c looks up every adjacent concatenation; listing each piece's splits once gives the same pairs.
        for (int id = 0; id < pieces.Length; id++)
        {
            if (!(scores[id] > RunCScoreFloor)) continue;
            string piece = pieces[id];
            for (int k = 1; k < piece.Length; k++)
            {
                if (char.IsLowSurrogate(piece[k])) continue;
                if (_ids.TryGetValue(piece[..k], out int left) && _ids.TryGetValue(piece[k..], out int right))
                {
                    _rules.TryAdd(left, right, -scores[id], id);
                }
            }
        }
    }

    /// <inheritdoc/>
    public int VocabSize => _pieces.Length;

    /// <inheritdoc/>
    public SpecialTokenIds SpecialTokens { get; } = new(Bos: 1, Eos: 2, Pad: null, Unk: 0);

    /// <inheritdoc/>
    /// <remarks>With special tokens, BOS is prepended (run.c's <c>encode(..., bos=1, eos=0)</c>); EOS is never added.</remarks>
    public int[] Encode(string text, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        TokenizerText.RequireWellFormed(text);
        var ids = new List<int>();
        if (addSpecialTokens) ids.Add(SpecialTokens.Bos!.Value);
        if (text.Length == 0) return [.. ids];

        var symbols = new List<int>(text.Length + 1) { _spaceId };
        Span<byte> utf8 = stackalloc byte[4];
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (_ids.TryGetValue(rune.ToString(), out int id))
            {
                symbols.Add(id);
                continue;
            }

            int count = rune.EncodeToUtf8(utf8);
            foreach (byte b in utf8[..count]) symbols.Add(FirstByteId + b);
        }

        ids.AddRange(BpeMerger.Merge(symbols, _rules));
        return [.. ids];
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Like run.c's <c>decode</c>: the piece after BOS loses its leading space (the dummy prefix) and byte tokens
    /// become raw bytes; the bytes are read as UTF-8 with U+FFFD for invalid sequences. Special tokens that are
    /// not skipped appear as their stored pieces (BOS is "\n&lt;s&gt;\n" in llama2.c's export).
    /// </remarks>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = false, bool? cleanUpTokenizationSpaces = null)
    {
        var bytes = new List<byte>();
        int previous = -1;
        foreach (int id in ids)
        {
            string piece = IdToToken(id)
                ?? throw new ArgumentOutOfRangeException(nameof(ids), id, $"token id {id} has no token (vocabulary size {VocabSize})");
            if (id is >= FirstByteId and < FirstByteId + 256)
            {
                bytes.Add((byte)(id - FirstByteId));
            }
            else if (!(id < FirstByteId && skipSpecialTokens))
            {
                if (previous == SpecialTokens.Bos && piece.StartsWith(' ')) piece = piece[1..];
                bytes.AddRange(Encoding.UTF8.GetBytes(piece));
            }

            previous = id;
        }

        string text = Encoding.UTF8.GetString(CollectionsMarshal.AsSpan(bytes));
        return cleanUpTokenizationSpaces == true ? TokenizationSpaces.CleanUp(text) : text;
    }

    /// <inheritdoc/>
    public int? TokenToId(string token) => _ids.TryGetValue(token, out int id) ? id : null;

    /// <inheritdoc/>
    public string? IdToToken(int id) => id >= 0 && id < _pieces.Length ? _pieces[id] : null;

    /// <summary>Reads a llama2.c tokenizer.bin: int32 max_token_length, then per token float32 score, int32 length, UTF-8 bytes.</summary>
    internal static Llama2cTokenizer Read(string path, int? vocabSize)
    {
        byte[] data = InputFile.ReadAllBytes(path, "a llama2.c tokenizer");
        var reader = new Llama2cTokenizerReader(data, path);
        int maxLength = reader.Int32("max_token_length");
        if (maxLength <= 0) throw new TokenizerFormatException(path, $"max_token_length is {maxLength}; it must be positive");

        var pieces = new List<string>();
        var scores = new List<float>();
        while (vocabSize is int expected ? pieces.Count < expected : !reader.AtEnd)
        {
            // A file that ends cleanly between tokens is whole: it is another vocabulary's, not a cut-off one.
            if (reader.AtEnd) throw new TokenizerFormatException(path, $"holds {pieces.Count} tokens, but the model's vocabulary has {vocabSize}; is it this model's tokenizer?");
            scores.Add(reader.Single($"token {pieces.Count} score"));
            pieces.Add(reader.Piece(pieces.Count, maxLength));
        }

        if (!reader.AtEnd)
        {
            throw new TokenizerFormatException(path, $"has {data.Length - reader.Offset} bytes after the {vocabSize} tokens expected; is the vocabulary size right?");
        }

        return new Llama2cTokenizer([.. pieces], [.. scores], path);
    }

    private void RequireLayout(string path)
    {
        for (int b = 0; b < 256; b++)
        {
            int id = FirstByteId + b;
            string expected = $"<0x{b:X2}>";
            if (id < _pieces.Length && _pieces[id] == expected) continue;
            string found = id < _pieces.Length ? $"\"{_pieces[id]}\"" : "the end of the file";
            throw new TokenizerFormatException(
                path, $"token {id} must be the byte token \"{expected}\" (llama2.c's layout: 0 unk, 1 bos, 2 eos, 3..258 bytes), found {found}");
        }
    }
}
