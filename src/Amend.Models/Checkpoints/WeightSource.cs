using Amend.Tensors;

namespace Amend.Models.Checkpoints;

/// <summary>
/// Gives a model its weights by the checkpoint's own names, like candle's VarBuilder:
/// <c>weights.Push("model.layers.3").Push("mlp").Get("up_proj.weight", new Shape(256, 64))</c> reads
/// "model.layers.3.mlp.up_proj.weight" and checks its shape. Every read is recorded, so after loading
/// <see cref="CheckUsage"/> reports checkpoint tensors that were missing or never used.
/// </summary>
/// <remarks>
/// Views made by <see cref="Push"/> share the store and the record of reads. Dispose the root once the model
/// is loaded: tensors already returned stay valid (they are copies or the caller's own tensors).
/// Tensors come back in their stored dtype (F16/BF16 stay 16-bit).
/// </remarks>
public sealed class WeightSource : IDisposable
{
    private readonly IWeightStore _store;
    private readonly WeightUsageTracker _usage;
    private readonly WeightSourceOptions _options;

    // "transformer." when the checkpoint holds the base model alone, stored without its prefix: names under it are
    // looked up without it (see PushBaseModel).
    private readonly string? _absentPrefix;

    private WeightSource(IWeightStore store, WeightUsageTracker usage, WeightSourceOptions options, string prefix, string? absentPrefix = null)
    {
        _store = store;
        _usage = usage;
        _options = options;
        Prefix = prefix;
        _absentPrefix = absentPrefix;
    }

    /// <summary>The dotted prefix prepended to every name ("" at the root).</summary>
    public string Prefix { get; }

    /// <summary>The checkpoint's path, or the description of an in-memory or initialising source.</summary>
    public string Description => _store.Description;

    /// <summary>Weights from a safetensors file, index file or model folder (see <see cref="SafetensorsCheckpoint.Open"/>).</summary>
    /// <exception cref="CheckpointFormatException">The checkpoint cannot be read (message says why and how to fix it).</exception>
    public static WeightSource FromSafetensors(string path, WeightSourceOptions? options = null) =>
        Create(new SafetensorsWeightStore(SafetensorsCheckpoint.Open(path)), options);

    /// <summary>Weights held in memory under their checkpoint names; the tensors are returned as they are, not copied.</summary>
    public static WeightSource FromTensors(IReadOnlyDictionary<string, Tensor> tensors, string description = "in-memory weights", WeightSourceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return Create(new DictionaryWeightStore(tensors, description), options);
    }

    /// <summary>Fresh weights: <paramref name="initializer"/>(full name, expected shape) makes each tensor the model asks for.</summary>
    public static WeightSource FromInitializer(Func<string, Shape, Tensor> initializer, string description)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        return Create(new InitializerWeightStore(initializer, description), null);
    }

    /// <summary>Float32 zeros of whatever shape the model asks for.</summary>
    public static WeightSource Zeros() => FromInitializer((_, shape) => Tensor.Zeros(shape), "zero init");

    /// <summary>Float32 samples of N(0, <paramref name="std"/>²) drawn from <paramref name="random"/> in the order the model asks.</summary>
    public static WeightSource Random(Random random, float std)
    {
        ArgumentNullException.ThrowIfNull(random);
        return FromInitializer((_, shape) => Tensor.Randn(shape, random, std), $"random init N(0, {std}²)");
    }

    /// <summary>A view whose names are prefixed by <paramref name="name"/> ("model.layers.3", then "mlp").</summary>
    public WeightSource Push(string name) => new(_store, _usage, _options, FullName(name), _absentPrefix);

    /// <summary>
    /// The view under the base model's prefix (transformers' base_model_prefix: "transformer", "gpt_neox", "model").
    /// A checkpoint that holds no tensor under it is the base model saved alone, as openai-community/gpt2 stores
    /// "wte.weight" for "transformer.wte.weight": its names are then read without the prefix, as transformers loads
    /// them, while the model keeps the prefixed names (for hyperparameters, journals and saving).
    /// </summary>
    public WeightSource PushBaseModel(string prefix)
    {
        string full = FullName(prefix) + ".";
        bool stripped = _store.Names.Count > 0 && !_store.Names.Any(n => n.StartsWith(full, StringComparison.Ordinal));
        return new(_store, _usage, _options, FullName(prefix), stripped ? full : _absentPrefix);
    }

    /// <summary>The checkpoint name of <paramref name="name"/> under this view's prefix.</summary>
    /// <exception cref="ArgumentException">The name is empty or starts or ends with a dot.</exception>
    public string FullName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.StartsWith('.') || name.EndsWith('.')) throw new ArgumentException($"'{name}' is not a dotted weight name", nameof(name));
        return Prefix.Length == 0 ? name : $"{Prefix}.{name}";
    }

    /// <summary>True when the source has <paramref name="name"/> (for optional weights such as biases or an untied head).</summary>
    public bool Contains(string name) => _store.Contains(Stored(FullName(name)));

    /// <summary>The tensor <paramref name="name"/>, checked to have shape <paramref name="expected"/>, recorded as used.</summary>
    /// <exception cref="WeightMismatchException">The tensor has another shape (message: name, file, both shapes), or it is
    /// absent and <see cref="WeightSourceOptions.Missing"/> is Fail.</exception>
    /// <exception cref="CheckpointFormatException">The stored dtype is not a float type Amend computes with.</exception>
    public Tensor Get(string name, Shape expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        string full = Stored(FullName(name));
        if (!_store.Contains(full)) return Missing(FullName(name), full, expected);
        if (_store.DimsOf(full) is { } dims && !dims.SequenceEqual(expected.Dims.ToArray().Select(d => (long)d)))
        {
            throw new WeightMismatchException(full, _store.Location(full), $"weight '{full}' in {_store.Location(full)} has shape ({string.Join(", ", dims)}), but the model expects {expected}");
        }

        var tensor = _store.Load(full, expected);
        _usage.Used(full);
        return tensor;
    }

    /// <summary>The tensor <paramref name="name"/> with shape <paramref name="expected"/>; see <see cref="Get(string, Shape)"/>.</summary>
    public Tensor Get(string name, params int[] expected) => Get(name, new Shape(expected));

    /// <summary>Declares that the model does not need <paramref name="name"/> (e.g. GPT-2's stored attention masks), so it is not reported unused.</summary>
    public void Ignore(string name) => _usage.Ignored(Stored(FullName(name)));

    /// <summary>
    /// What was used, ignored, missing and unused over the whole checkpoint (not only under this view's prefix).
    /// </summary>
    /// <exception cref="WeightMismatchException">Some tensors were never read nor ignored and <see cref="WeightSourceOptions.Unused"/> is Fail.</exception>
    public WeightUsageReport CheckUsage()
    {
        var report = _usage.Report(_store);
        if (report.Unused.Count > 0 && _options.Unused == UnmatchedWeightPolicy.Fail)
        {
            throw new WeightMismatchException(report.Unused[0], _store.Description,
                $"{_store.Description}: {report.Unused.Count} tensors were never used by the model ({WeightUsageReport.Sample(report.Unused)}); wrong architecture or renamed modules? Pass Unused = Warn to load anyway");
        }

        return report;
    }

    /// <summary>Releases the checkpoint files (shared with every pushed view).</summary>
    public void Dispose() => _store.Dispose();

    // The checkpoint's name for a full name: without the base model's prefix when the checkpoint stores none.
    private string Stored(string full) =>
        _absentPrefix is { } p && full.StartsWith(p, StringComparison.Ordinal) ? full[p.Length..] : full;

    private static WeightSource Create(IWeightStore store, WeightSourceOptions? options) => new(store, new WeightUsageTracker(), options ?? new WeightSourceOptions(), string.Empty);

    // The model's name for the weight, and the checkpoint's when the base model's prefix was dropped.
    private Tensor Missing(string name, string full, Shape expected)
    {
        if (_options.Missing == UnmatchedWeightPolicy.Fail)
        {
            string lookup = full == name ? string.Empty
                : $" (looked up as '{full}': no tensor in it is under '{_absentPrefix}', so it was read as a base model saved without that prefix)";
            throw new WeightMismatchException(name, _store.Description, $"weight '{name}' (expected shape {expected}) is not in {_store.Description}{lookup}{Neighbours(full)}");
        }

        _usage.Missing(full);
        return Tensor.Zeros(expected);
    }

    // Names under the nearest ancestor that has any show at a glance whether a module was renamed or a prefix differs.
    private string Neighbours(string full)
    {
        for (int dot = full.LastIndexOf('.'); dot > 0; dot = full.LastIndexOf('.', dot - 1))
        {
            string parent = full[..(dot + 1)];
            var near = _store.Names.Where(n => n.StartsWith(parent, StringComparison.Ordinal)).Order(StringComparer.Ordinal).Take(5).ToArray();
            if (near.Length > 0) return $" (under '{parent}' it holds {string.Join(", ", near)})";
        }

        return $" (it holds {_store.Names.Count} tensors, none sharing a prefix with this name)";
    }
}
