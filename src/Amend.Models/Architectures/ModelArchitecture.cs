using System.Collections.Frozen;

namespace Amend.Models.Architectures;

/// <summary>
/// An architecture as data: where each <see cref="ModuleRole"/> of layer i lives in the checkpoint and
/// how projection weights are laid out. Editors address "layer i, MLP output projection" through it,
/// and EasyEdit's module templates (<c>transformer.h.{}.mlp.c_proj</c>) resolve through the same table.
/// </summary>
public sealed class ModelArchitecture
{
    private readonly FrozenDictionary<ModuleRole, string> _layerModules;
    private readonly FrozenDictionary<ModuleRole, string> _globalModules;

    /// <summary>Describes an architecture.</summary>
    /// <param name="modelType">config.json model_type.</param>
    /// <param name="numLayers">Number of blocks.</param>
    /// <param name="layerPrefix">Name of block i with "{}" for i, e.g. "transformer.h.{}".</param>
    /// <param name="layerModules">Per-layer roles, names relative to the block.</param>
    /// <param name="globalModules">Roles outside the blocks (embedding, final norm, LM head), full names.</param>
    /// <param name="projectionLayout">How projection weights are stored.</param>
    /// <param name="headModule">The LM head's module name in transformers (see <see cref="HeadModule"/>).</param>
    public ModelArchitecture(
        string modelType,
        int numLayers,
        string layerPrefix,
        IReadOnlyDictionary<ModuleRole, string> layerModules,
        IReadOnlyDictionary<ModuleRole, string> globalModules,
        WeightLayout projectionLayout,
        string? headModule = null)
    {
        ModelType = modelType;
        NumLayers = numLayers;
        LayerPrefix = layerPrefix;
        _layerModules = layerModules.ToFrozenDictionary();
        _globalModules = globalModules.ToFrozenDictionary();
        ProjectionLayout = projectionLayout;
        HeadModule = headModule;
    }

    /// <summary>config.json model_type.</summary>
    public string ModelType { get; }

    /// <summary>Number of blocks.</summary>
    public int NumLayers { get; }

    /// <summary>Name of block i with "{}" standing for i.</summary>
    public string LayerPrefix { get; }

    /// <summary>How projection weights (attention, MLP) are stored.</summary>
    public WeightLayout ProjectionLayout { get; }

    /// <summary>
    /// The LM head's module name in transformers ("lm_head"; GPT-NeoX: "embed_out"). transformers keeps that module
    /// when the head's weight is the tied embedding, and EasyEdit's recipes name it (lm_head_module: lm_head for
    /// LLaMA and Qwen), so <see cref="Resolve"/> maps it to <see cref="ModuleRole.LmHead"/> tied or not.
    /// </summary>
    public string? HeadModule { get; }

    /// <summary>Whether this architecture has the role (GPT-J has no MLP norm; only LLaMA has a gate projection).</summary>
    public bool Has(ModuleRole role) => role == ModuleRole.Block || _layerModules.ContainsKey(role) || _globalModules.ContainsKey(role);

    /// <summary>The checkpoint name of a module, e.g. (MlpOutputProjection, 5) → "transformer.h.5.mlp.c_proj".</summary>
    /// <exception cref="ArgumentOutOfRangeException">The layer is outside 0..NumLayers-1 for a per-layer role.</exception>
    /// <exception cref="ArgumentException">The architecture has no such role.</exception>
    public string ModuleName(ModuleRole role, int layer = 0)
    {
        if (_globalModules.TryGetValue(role, out string? global)) return global;
        if ((uint)layer >= (uint)NumLayers) throw new ArgumentOutOfRangeException(nameof(layer), $"layer {layer} is out of range: {ModelType} has layers 0..{NumLayers - 1}");
        string block = LayerPrefix.Replace("{}", layer.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (role == ModuleRole.Block) return block;
        if (_layerModules.TryGetValue(role, out string? relative)) return block + "." + relative;
        throw new ArgumentException($"{ModelType} has no {role} module", nameof(role));
    }

    /// <summary>
    /// Resolves a module name or an EasyEdit template ("transformer.h.{}.mlp.c_proj", "model.layers.7.mlp.down_proj",
    /// "transformer.ln_f") to its role and layer (null layer for "{}" templates and global modules).
    /// </summary>
    /// <exception cref="ArgumentException">The name matches no module of this architecture; the message lists the known templates.</exception>
    public (ModuleRole Role, int? Layer) Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Find(name) ?? throw Unknown(name);
    }

    /// <summary>Resolves <paramref name="name"/> as <see cref="Resolve"/> does; false when it names no module (or is null).</summary>
    public bool TryResolve(string? name, out ModuleRole role)
    {
        var found = name is null ? null : Find(name);
        role = found?.Role ?? default;
        return found is not null;
    }

    private (ModuleRole Role, int? Layer)? Find(string name)
    {
        foreach (var (role, full) in _globalModules)
        {
            if (full == name) return (role, null);
        }

        if (name == HeadModule && _globalModules.ContainsKey(ModuleRole.LmHead)) return (ModuleRole.LmHead, null);

        string[] prefixParts = LayerPrefix.Split("{}");
        if (!name.StartsWith(prefixParts[0], StringComparison.Ordinal)) return null;
        string rest = name[prefixParts[0].Length..];
        int end = rest.IndexOf('.', StringComparison.Ordinal);
        string index = end < 0 ? rest : rest[..end];
        string relative = end < 0 ? string.Empty : rest[(end + 1)..];
        int? layer = null;
        if (index != "{}")
        {
            if (!int.TryParse(index, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int i) || i >= NumLayers) return null;
            layer = i;
        }

        if (relative.Length == 0) return (ModuleRole.Block, layer);
        foreach (var (role, moduleName) in _layerModules)
        {
            if (moduleName == relative) return (role, layer);
        }

        return null;
    }

    /// <summary>The names <see cref="Resolve"/> knows, "{}" standing for a layer index: the block, its modules, then the global ones.</summary>
    public IReadOnlyList<string> ModuleTemplates =>
        [LayerPrefix, .. _layerModules.Values.Select(m => LayerPrefix + "." + m).Concat(_globalModules.Values).Distinct().Order(StringComparer.Ordinal)];

    private ArgumentException Unknown(string name) =>
        new($"\"{name}\" is not a module of this {ModelType} model ({NumLayers} layers); known: {string.Join(", ", ModuleTemplates)}", nameof(name));
}
