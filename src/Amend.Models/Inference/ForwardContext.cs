using Amend.Models.Hooks;

namespace Amend.Models.Inference;

/// <summary>Per-pass state the blocks share: hooks, positions, the padding mask, the cache, collected hidden states.</summary>
internal sealed class ForwardContext
{
    public ForwardContext(TokenBatch batch, HookRegistry hooks, ForwardOptions options)
    {
        Batch = batch;
        Hooks = hooks;
        Cache = options.Cache;
        ResumeFrom = options.ResumeFrom;
        Positions = batch.Positions(Cache?.RealTokens);
        HiddenStates = options.OutputHiddenStates ? [] : null;
        Mask = Cache is null ? batch.AttentionMask : Cache.MaskWith(batch);
        KeyPaddingMask = Mask is null ? null : Tensor.Wrap([.. Mask.SelectMany(row => row.Select(v => (float)v))], new Shape(Mask.Count, Mask[0].Length));
    }

    public TokenBatch Batch { get; }

    public HookRegistry Hooks { get; }

    public KeyValueCache? Cache { get; }

    /// <summary>The block input the pass starts from instead of the embedding; null for a full pass.</summary>
    public ResumePoint? ResumeFrom { get; }

    /// <summary>Position of each new token, (B)(T).</summary>
    public int[][] Positions { get; }

    /// <summary>The attention mask over cached and new tokens, (B)(cached + T); null without a cache when nothing is padded.</summary>
    public IReadOnlyList<int[]>? Mask { get; }

    /// <summary>1 where a key is a real token, 0 for padding, (B, cached + T); null when nothing is padded.</summary>
    public Tensor? KeyPaddingMask { get; }

    public List<Tensor>? HiddenStates { get; }

    /// <summary>Keys and values including the cached ones.</summary>
    public (Tensor Keys, Tensor Values) WithCache(int layer, Tensor keys, Tensor values) =>
        Cache is null ? (keys, values) : Cache.Append(layer, keys, values);

    public void CollectHidden(Tensor x) => HiddenStates?.Add(x);

    /// <summary>Records this pass's tokens in the cache, once every layer has run.</summary>
    public void AdvanceCache() => Cache?.Advance(Batch, Mask!);
}
