using Amend.Tensors;

namespace Amend.Models.Checkpoints;

/// <summary>Where a <see cref="WeightSource"/> gets tensors from: a checkpoint, a dictionary, or an initializer.</summary>
internal interface IWeightStore : IDisposable
{
    /// <summary>A path or a short description, used in messages and reports.</summary>
    string Description { get; }

    /// <summary>Every name the store holds (empty for initializers, which hold nothing and make anything).</summary>
    IReadOnlyCollection<string> Names { get; }

    bool Contains(string name);

    /// <summary>The file holding <paramref name="name"/>, or the description when there is no file.</summary>
    string Location(string name);

    /// <summary>The stored extents of <paramref name="name"/>, or null when the store makes tensors of the expected shape.</summary>
    IReadOnlyList<long>? DimsOf(string name);

    /// <summary>The tensor; called only after <see cref="Contains"/> and the shape check passed.</summary>
    Tensor Load(string name, Shape expected);
}
