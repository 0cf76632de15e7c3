namespace Amend.Models.Inference;

/// <summary>
/// Keys and values of earlier tokens, per layer, so generation feeds one new token per step instead of
/// the whole sequence. Also remembers the attention mask and the count of real tokens per row.
/// </summary>
public sealed class KeyValueCache
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;
    private Tensor?[]? _keysBefore;
    private Tensor?[]? _valuesBefore;
    private List<int[]>? _mask;

    /// <summary>An empty cache for a model with <paramref name="numLayers"/> blocks.</summary>
    public KeyValueCache(int numLayers)
    {
        _keys = new Tensor?[numLayers];
        _values = new Tensor?[numLayers];
    }

    /// <summary>The number of blocks it holds keys for.</summary>
    public int Layers => _keys.Length;

    /// <summary>Tokens cached so far (per row, padding included).</summary>
    public int Length { get; private set; }

    /// <summary>Real (unpadded) tokens cached so far in each row; null before the first step.</summary>
    public int[]? RealTokens { get; private set; }

    /// <summary>Marks the start of a pass, so that one which does not finish can be taken back (<see cref="RollBack"/>).</summary>
    internal void BeginPass() => (_keysBefore, _valuesBefore) = ((Tensor?[])_keys.Clone(), (Tensor?[])_values.Clone());

    /// <summary>Forgets what the unfinished pass appended: the cache is as it was before <see cref="BeginPass"/>.</summary>
    internal void RollBack()
    {
        if (_keysBefore is null || _valuesBefore is null) return;
        Array.Copy(_keysBefore, _keys, _keys.Length);
        Array.Copy(_valuesBefore, _values, _values.Length);
    }

    /// <summary>Concatenates this step's keys and values (B, H, T, D) after the cached ones and returns all of them.</summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        _keys[layer] = _keys[layer] is { } k ? Tensor.Cat(2, k, keys) : keys;
        _values[layer] = _values[layer] is { } v ? Tensor.Cat(2, v, values) : values;
        return (_keys[layer]!, _values[layer]!);
    }

    /// <summary>The attention mask over cached and new tokens (B, Length + T), before <see cref="Advance"/>.</summary>
    internal IReadOnlyList<int[]> MaskWith(TokenBatch batch)
    {
        var newMask = batch.AttentionMask ?? [.. Enumerable.Range(0, batch.BatchSize).Select(_ => Enumerable.Repeat(1, batch.Length).ToArray())];
        if (_mask is null) return newMask;
        if (_mask.Count != batch.BatchSize) throw new ArgumentException($"the cache holds {_mask.Count} rows but the batch has {batch.BatchSize}", nameof(batch));
        return [.. _mask.Zip(newMask, (old, now) => old.Concat(now).ToArray())];
    }

    /// <summary>Records that <paramref name="batch"/> has been run through every layer; <paramref name="mask"/> is <see cref="MaskWith"/>'s result for it.</summary>
    internal void Advance(TokenBatch batch, IReadOnlyList<int[]> mask)
    {
        _mask = [.. mask];
        Length += batch.Length;
        RealTokens = [.. _mask.Select(row => row.Sum())];
    }
}
