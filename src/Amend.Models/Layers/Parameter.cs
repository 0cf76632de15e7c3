namespace Amend.Models.Layers;

/// <summary>
/// A named weight slot of a model. Modules read <see cref="Value"/> on every forward pass, so an editor
/// changes a weight by assigning a new tensor, and undoes the change by assigning the old tensor back:
/// bit-exact, whatever the storage dtype.
/// </summary>
public sealed class Parameter
{
    private Tensor _value;

    /// <summary>Creates a slot holding <paramref name="value"/> under the checkpoint name <paramref name="name"/>.</summary>
    public Parameter(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        _value = value;
    }

    /// <summary>The checkpoint's own name, e.g. "transformer.h.5.mlp.c_proj.weight".</summary>
    public string Name { get; }

    /// <summary>The shape every assigned value must keep.</summary>
    public Shape Shape => _value.Shape;

    /// <summary>The current weight.</summary>
    /// <exception cref="TensorShapeException">An assigned tensor has a different shape.</exception>
    public Tensor Value
    {
        get => _value;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (!value.Shape.Equals(_value.Shape)) throw new TensorShapeException("Parameter", $"{Name} has shape {_value.Shape}; cannot assign {value.Shape}");
            _value = value;
        }
    }

    /// <summary>"transformer.wte.weight (50257, 768) Float32".</summary>
    public override string ToString() => $"{Name} {_value.Shape} {_value.DType}";
}
