namespace Amend.Editing.CausalTracing;

/// <summary>
/// How causal tracing corrupts the subject and what it restores. Defaults follow ROME's paper: 10 noisy
/// samples, noise 3 × the embedding standard deviation, a window of 10 layers for MLP and attention.
/// </summary>
public sealed record CausalTraceOptions
{
    /// <summary>The most samples a trace takes: passes hold at most 64 of them, so more cost time in proportion.</summary>
    public const int MaxSamples = 1000;

    /// <summary>The hidden state restored at each (token, layer).</summary>
    public CausalTraceKind Kind { get; init; } = CausalTraceKind.Residual;

    /// <summary>Noisy copies of the prompt averaged per score (ROME's samples; default 10).</summary>
    public int Samples { get; init; } = 10;

    /// <summary>
    /// Noise standard deviation as a multiple of the token-embedding standard deviation σ (default 3, ROME's "3σ").
    /// Each corrupted subject embedding gets x + Noise·σ·ε with ε ~ N(0, I); 0 corrupts nothing.
    /// </summary>
    public double Noise { get; init; } = 3.0;

    /// <summary>
    /// σ itself; null measures it over every entry of the model's token-embedding matrix (see docs/causal-tracing.md
    /// for why that is the default). <see cref="SubjectNoise.SubjectStd"/> measures it as ROME does, over the
    /// subjects of a fact list.
    /// </summary>
    public double? EmbeddingStd { get; init; }

    /// <summary>
    /// Layers restored together, centred on the reported layer (ROME: layers L - ⌊w/2⌋ .. L + ⌈w/2⌉ - 1, clipped to
    /// the model). Null takes ROME's choice: 1 for the residual stream, 10 for MLP and attention.
    /// </summary>
    public int? Window { get; init; }

    /// <summary>Seed of the noise; the same noise is used for every restoration, as ROME reseeds per run.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Receives one report per layer traced, for each chunk of at most 64 samples.</summary>
    public IProgress<EditProgress>? Progress { get; init; }

    /// <summary>Stops the trace between layers with an <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>The window for <see cref="Kind"/>: <see cref="Window"/> or ROME's default.</summary>
    public int EffectiveWindow => Window ?? (Kind == CausalTraceKind.Residual ? 1 : 10);

    /// <summary>Checks the options before any forward pass.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Samples outside 1..<see cref="MaxSamples"/>, window below 1, or noise or σ negative or not finite.</exception>
    public void Validate()
    {
        if (Samples is < 1 or > MaxSamples) throw new ArgumentOutOfRangeException(nameof(Samples), Samples, $"causal trace: samples must be 1..{MaxSamples} (ROME uses 10; each is a corrupted copy of the prompt in every forward pass)");
        if (Window is < 1) throw new ArgumentOutOfRangeException(nameof(Window), Window, "causal trace: window must be at least 1 layer");
        if (!double.IsFinite(Noise) || Noise < 0) throw new ArgumentOutOfRangeException(nameof(Noise), Noise, "causal trace: noise must be a finite multiple ≥ 0 of the embedding std");
        if (EmbeddingStd is double std && (!double.IsFinite(std) || std < 0)) throw new ArgumentOutOfRangeException(nameof(EmbeddingStd), std, "causal trace: embedding std must be finite and ≥ 0");
        if (EmbeddingStd is double σ && !double.IsFinite(Noise * σ)) throw new ArgumentOutOfRangeException(nameof(EmbeddingStd), σ, $"causal trace: the noise std, {Noise} × {σ}, is not a finite number");
        if (!Enum.IsDefined(Kind)) throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "causal trace: unknown kind");
    }
}
