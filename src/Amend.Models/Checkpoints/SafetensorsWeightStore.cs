using Amend.Tensors;

namespace Amend.Models.Checkpoints;

/// <summary>Weights read lazily from a safetensors file or folder.</summary>
internal sealed class SafetensorsWeightStore(SafetensorsCheckpoint checkpoint) : IWeightStore
{
    public string Description => checkpoint.Path;

    public IReadOnlyCollection<string> Names => checkpoint.Names;

    public bool Contains(string name) => checkpoint.Contains(name);

    public string Location(string name) => checkpoint.FileOf(name);

    public IReadOnlyList<long>? DimsOf(string name) => checkpoint.Find(name)!.Dims;

    public Tensor Load(string name, Shape expected) => checkpoint.Load(name);

    public void Dispose() => checkpoint.Dispose();
}
