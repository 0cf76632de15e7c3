using Amend.Tensors;

namespace Amend.Models.Checkpoints;

/// <summary>Weights held in memory (tests, importers that rename another format's tensors to Hugging Face names).</summary>
internal sealed class DictionaryWeightStore(IReadOnlyDictionary<string, Tensor> tensors, string description) : IWeightStore
{
    private readonly Dictionary<string, Tensor> _tensors = new(tensors, StringComparer.Ordinal);

    public string Description => description;

    public IReadOnlyCollection<string> Names => _tensors.Keys;

    public bool Contains(string name) => _tensors.ContainsKey(name);

    public string Location(string name) => description;

    public IReadOnlyList<long>? DimsOf(string name) => Array.ConvertAll(_tensors[name].Shape.ToArray(), d => (long)d);

    public Tensor Load(string name, Shape expected) => _tensors[name];

    public void Dispose()
    {
    }
}
