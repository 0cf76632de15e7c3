using Amend.Tensors;

namespace Amend.Models.Checkpoints;

/// <summary>Fresh weights made on request (training from scratch): every name exists, with the shape asked for.</summary>
internal sealed class InitializerWeightStore(Func<string, Shape, Tensor> initializer, string description) : IWeightStore
{
    public string Description => description;

    public IReadOnlyCollection<string> Names => [];

    public bool Contains(string name) => true;

    public string Location(string name) => description;

    public IReadOnlyList<long>? DimsOf(string name) => null;

    public Tensor Load(string name, Shape expected)
    {
        var tensor = initializer(name, expected);
        if (!tensor.Shape.Equals(expected)) throw new WeightMismatchException(name, description, $"the initializer made '{name}' with shape {tensor.Shape}, but the model expects {expected}");
        return tensor;
    }

    public void Dispose()
    {
    }
}
