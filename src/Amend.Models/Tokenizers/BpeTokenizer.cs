namespace Amend.Models.Tokenizers;

/// <summary>
/// A Hugging Face BPE tokenizer: byte-level BPE (GPT-2, GPT-J, GPT-NeoX, Llama-3, Qwen2) or SentencePiece-style
/// BPE with "▁" and byte fallback (Llama-2, Mistral). Load one with <see cref="TokenizerLoader"/>.
/// </summary>
/// <remarks>
/// Encoding follows <c>tokenizers</c>: added tokens are split out of the raw text (those flagged
/// <c>normalized</c> out of the normalized text), the rest is normalized, pre-tokenized into words, and each
/// word is BPE-merged; the post-processor's template then adds BOS/EOS when asked.
/// </remarks>
public sealed class BpeTokenizer : ITokenizer
{
    private readonly BpePipeline _pipeline;
    private readonly AddedTokenMatcher _rawMatcher;
    private readonly AddedTokenMatcher _normalizedMatcher;
    private readonly Dictionary<string, int> _addedByContent;
    private readonly string?[] _idToToken;
    private readonly HashSet<int> _specialIds;

    internal BpeTokenizer(BpePipeline pipeline)
    {
        _pipeline = pipeline;
        var added = pipeline.AddedTokens;
        _rawMatcher = new AddedTokenMatcher(added.Where(t => !t.Normalized).Select(t => (t.Content, t)));
        _normalizedMatcher = new AddedTokenMatcher(added.Where(t => t.Normalized)
            .Select(t => (pipeline.Normalizer?.Normalize(t.Content) ?? t.Content, t)));
        _addedByContent = added.GroupBy(t => t.Content).ToDictionary(g => g.Key, g => g.First().Id);
        _specialIds = [.. added.Where(t => t.Special).Select(t => t.Id)];

        _idToToken = new string?[IdCount(pipeline.Model.Vocab, added)];
        foreach (var (token, id) in pipeline.Model.Vocab) _idToToken[id] = token;
        foreach (var token in added) _idToToken[token.Id] = token.Content;
    }

    /// <inheritdoc/>
    public int VocabSize => _idToToken.Length;

    /// <summary>One more than the largest id of <paramref name="vocab"/> and <paramref name="added"/>: the <see cref="VocabSize"/> they make.</summary>
    internal static int IdCount(IReadOnlyDictionary<string, int> vocab, IEnumerable<AddedToken> added)
        => Math.Max(vocab.Values.DefaultIfEmpty(-1).Max(), added.Select(t => t.Id).DefaultIfEmpty(-1).Max()) + 1;

    /// <inheritdoc/>
    public SpecialTokenIds SpecialTokens => _pipeline.SpecialTokens;

    /// <summary>The clean-up applied by <see cref="Decode"/> when its option is null (tokenizer_config.json's <c>clean_up_tokenization_spaces</c>).</summary>
    public bool CleanUpTokenizationSpaces => _pipeline.CleanUpTokenizationSpaces;

    /// <inheritdoc/>
    public int[] Encode(string text, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        TokenizerText.RequireWellFormed(text);
        var ids = new List<int>();
        if (addSpecialTokens) ids.AddRange(_pipeline.Template.Prefix);
        var raw = new List<TextSegment>();
        _rawMatcher.Split(text, atTextStart: true, raw);
        var normalized = new List<TextSegment>();
        foreach (var segment in raw)
        {
            if (segment.TokenId >= 0)
            {
                ids.Add(segment.TokenId);
                continue;
            }

            normalized.Clear();
            string normalizedText = _pipeline.Normalizer?.Normalize(segment.Text) ?? segment.Text;
            _normalizedMatcher.Split(normalizedText, segment.AtTextStart, normalized);
            foreach (var piece in normalized)
            {
                if (piece.TokenId >= 0) ids.Add(piece.TokenId);
                else EncodeWords(piece, ids);
            }
        }

        if (addSpecialTokens) ids.AddRange(_pipeline.Template.Suffix);
        return [.. ids];
    }

    /// <inheritdoc/>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = false, bool? cleanUpTokenizationSpaces = null)
    {
        var tokens = new List<string>(ids.Length);
        foreach (int id in ids)
        {
            string token = IdToToken(id) ?? throw new ArgumentOutOfRangeException(nameof(ids), id, $"token id {id} has no token (vocabulary size {VocabSize})");
            if (!(skipSpecialTokens && _specialIds.Contains(id))) tokens.Add(token);
        }

        string text = _pipeline.Decoder is null ? string.Join(' ', tokens) : string.Concat(_pipeline.Decoder.Decode(tokens));
        return cleanUpTokenizationSpaces ?? CleanUpTokenizationSpaces ? TokenizationSpaces.CleanUp(text) : text;
    }

    /// <inheritdoc/>
    public int? TokenToId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (_addedByContent.TryGetValue(token, out int added)) return added;
        return _pipeline.Model.Vocab.TryGetValue(token, out int id) ? id : null;
    }

    /// <inheritdoc/>
    public string? IdToToken(int id) => id >= 0 && id < _idToToken.Length ? _idToToken[id] : null;

    private void EncodeWords(TextSegment piece, List<int> ids)
    {
        if (_pipeline.PreTokenizer is null)
        {
            _pipeline.Model.Encode(piece.Text, ids);
            return;
        }

        var words = new List<string>();
        _pipeline.PreTokenizer.Split(piece.Text, piece.AtTextStart, words);
        foreach (string word in words) _pipeline.Model.Encode(word, ids);
    }
}
