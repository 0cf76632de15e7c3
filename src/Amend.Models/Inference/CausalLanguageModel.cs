using Amend.Models.Architectures;
using Amend.Models.Hooks;
using Amend.Models.Layers;

namespace Amend.Models.Inference;

/// <summary>
/// A decoder-only language model: token ids in, next-token logits out. Each architecture derives from it
/// and writes its forward pass; this base owns what they share (hooks, parameters by name, validation,
/// stopping traces, the cache's bookkeeping).
/// </summary>
public abstract class CausalLanguageModel
{
    private readonly Dictionary<string, Parameter> _byName;

    /// <summary>Sets what every architecture shares.</summary>
    protected CausalLanguageModel(ModelArchitecture architecture, int vocabSize, int maxPositions, IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        Architecture = architecture;
        VocabSize = vocabSize;
        MaxPositions = maxPositions;
        Parameters = [.. parameters.DistinctBy(p => p.Name)];
        _byName = Parameters.ToDictionary(p => p.Name);
    }

    /// <summary>Where each module role lives, and how weights are laid out.</summary>
    public ModelArchitecture Architecture { get; }

    /// <summary>Traces attached to this model's forward pass.</summary>
    public HookRegistry Hooks { get; } = new();

    /// <summary>Number of token ids the embedding knows.</summary>
    public int VocabSize { get; }

    /// <summary>Longest sequence (cache included) the position encoding supports.</summary>
    public int MaxPositions { get; }

    /// <summary>Every weight once, under its checkpoint name (a tied head appears as the embedding).</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The weight called <paramref name="name"/> in the checkpoint.</summary>
    /// <exception cref="KeyNotFoundException">No such weight.</exception>
    public Parameter Parameter(string name) => _byName.TryGetValue(name, out var p) ? p : throw new KeyNotFoundException($"{Architecture.ModelType} model has no weight \"{name}\"");

    /// <summary>The weight of a module by role, e.g. (MlpOutputProjection, 5) → "transformer.h.5.mlp.c_proj.weight".</summary>
    public Parameter Weight(ModuleRole role, int layer = 0) => Parameter(Architecture.ModuleName(role, layer) + ".weight");

    /// <summary>Runs the model; a stopping trace ends the pass early and is reported, not thrown.</summary>
    /// <exception cref="ArgumentException">A token id is outside the vocabulary, the sequence is longer than the model supports, or a resume point does not fit the batch or the model.</exception>
    public ForwardOutput Run(TokenBatch batch, ForwardOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        options ??= new ForwardOptions();
        Validate(batch, options.Cache);
        if (options.ResumeFrom is { } resume) ValidateResume(batch, resume, options.Cache);
        var context = new ForwardContext(batch, Hooks, options);
        options.Cache?.BeginPass();
        try
        {
            var logits = Forward(context);
            context.AdvanceCache();
            return new ForwardOutput { Logits = logits, HiddenStates = context.HiddenStates };
        }
        catch (ForwardStoppedException stopped)
        {
            // A pass that stopped part-way appended keys in some layers only; the cache keeps none of them.
            options.Cache?.RollBack();
            return new ForwardOutput { StoppedAt = stopped.Point, HiddenStates = context.HiddenStates };
        }
        catch
        {
            options.Cache?.RollBack();
            throw;
        }
    }

    /// <summary>Logits (B, T, vocab) for a batch.</summary>
    /// <exception cref="InvalidOperationException">A stopping trace is attached; use <see cref="Run"/>.</exception>
    public Tensor Logits(TokenBatch batch, KeyValueCache? cache = null) =>
        Run(batch, new ForwardOptions { Cache = cache }).Logits
        ?? throw new InvalidOperationException("a stopping trace ended the forward pass; call Run to see where");

    /// <summary>
    /// Logits from a residual-stream state: the final norm and the LM head applied to <paramref name="hidden"/>
    /// (..., C) → (..., vocab). For the last block's output this equals the logits of <see cref="Run"/>; for an
    /// earlier block's output it is the "logit lens" MEMIT's v* objective reads at v_loss_layer. Differentiable.
    /// </summary>
    /// <exception cref="TensorShapeException">The last axis is not the model's hidden width.</exception>
    public Tensor HeadLogits(Tensor hidden)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        return Head(hidden);
    }

    /// <summary>The architecture's forward pass: embeddings, blocks, final norm, head.</summary>
    internal abstract Tensor Forward(ForwardContext context);

    /// <summary>The final norm then the LM head: (..., C) → (..., vocab).</summary>
    internal abstract Tensor Head(Tensor hidden);

    private void ValidateResume(TokenBatch batch, ResumePoint resume, KeyValueCache? cache)
    {
        if (cache is not null) throw new ArgumentException("a pass resumed at a block cannot use a key-value cache: the skipped blocks would not append their keys", nameof(batch));
        if (resume.Layer < 0 || resume.Layer >= Architecture.NumLayers) throw new ArgumentException($"resume layer {resume.Layer} is outside the {Architecture.NumLayers} blocks (0..{Architecture.NumLayers - 1})", nameof(batch));
        var shape = resume.Hidden.Shape;
        if (shape.Rank != 3 || shape[0] != batch.BatchSize || shape[1] != batch.Length)
        {
            throw new ArgumentException($"the resume state has shape {shape}; block {resume.Layer}'s input for this batch is ({batch.BatchSize}, {batch.Length}, hidden)", nameof(batch));
        }
    }

    private void Validate(TokenBatch batch, KeyValueCache? cache)
    {
        for (int b = 0; b < batch.BatchSize; b++)
        {
            int[] row = batch.Ids[b];
            for (int t = 0; t < row.Length; t++)
            {
                if ((uint)row[t] >= (uint)VocabSize) throw new ArgumentException($"token id {row[t]} at row {b}, position {t} is outside the vocabulary (0..{VocabSize - 1})", nameof(batch));
            }
        }

        if (cache is not null && cache.Layers != Architecture.NumLayers)
        {
            throw new ArgumentException($"the cache holds {cache.Layers} layers but this {Architecture.ModelType} model has {Architecture.NumLayers}", nameof(cache));
        }

        int total = (cache?.Length ?? 0) + batch.Length;
        if (total > MaxPositions) throw new SequenceTooLongException(total, MaxPositions, Architecture.ModelType);
    }
}
