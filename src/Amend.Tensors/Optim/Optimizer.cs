using Amend.Tensors.Autograd;

namespace Amend.Tensors.Optim;

/// <summary>
/// Base of the first-order optimizers: holds the parameters (contiguous float32 leaves marked with
/// <see cref="Tensor.RequireGrad"/>) and updates their storage in place from a <see cref="GradientStore"/>.
/// Parameters are the one intended exception to "operations never modify their inputs": call
/// <see cref="Step"/> after <see cref="Tensor.Backward()"/>, never while a graph that reads them is still
/// to be differentiated.
/// </summary>
public abstract class Optimizer
{
    private readonly Tensor[] _parameters;
    private double _learningRate;

    private protected Optimizer(string name, IEnumerable<Tensor> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Name = name;
        _parameters = parameters.ToArray();
        Validate(name, _parameters);
        LearningRate = learningRate;
    }

    /// <summary>The parameters, in the order given.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>Step size; may be changed between steps (learning-rate schedules).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), $"{Name}: learning rate must be finite and ≥ 0, got {value}");
            _learningRate = value;
        }
    }

    private string Name { get; }

    /// <summary>
    /// Updates, in place, every parameter that has a gradient in <paramref name="gradients"/>. Parameters
    /// without one (the loss did not depend on them) are left unchanged and their state does not advance,
    /// as in PyTorch when <c>p.grad is None</c>.
    /// </summary>
    public void Step(GradientStore gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        for (int i = 0; i < _parameters.Length; i++)
        {
            var parameter = _parameters[i];
            var gradient = gradients.Get(parameter);
            if (gradient is null) continue;

            // A gradient may share storage with its parameter (d(½w²)/dw = w); copy it before the parameter changes.
            var values = ReferenceEquals(gradient.Storage, parameter.Storage) ? gradient.ToArray() : gradient.AsReadOnlySpan();
            Update(i, parameter.Storage.Single.AsSpan(parameter.Offset, parameter.ElementCount), values);
        }
    }

    /// <summary>Applies one step to parameter <paramref name="index"/>; state arrays are the subclass's.</summary>
    private protected abstract void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient);

    /// <summary>Throws unless <paramref name="value"/> is finite and at least <paramref name="min"/> (and below <paramref name="below"/> when given).</summary>
    private protected void RequireInRange(string name, double value, double min, double below = double.PositiveInfinity)
    {
        if (!(value >= min && value < below) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, $"{Name}: {name} must be in [{min}, {below}), got {value}");
        }
    }

    private static void Validate(string name, Tensor[] parameters)
    {
        var seen = new HashSet<long>();
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i] ?? throw new ArgumentException($"{name}: parameter {i} is null", nameof(parameters));
            string problem =
                p.DType != DType.Float32 ? $"is {p.DType}; optimizers update float32 storage (convert with ToFloat32 first)"
                : !p.IsContiguous ? "is a non-contiguous view; pass the tensor that owns the storage"
                : p.GradNode is not null ? "was produced by an operation; only leaves can be optimized"
                : !p.RequiresGrad ? "is not marked with RequireGrad(), so it would never receive a gradient"
                : !seen.Add(p.Id) ? "appears more than once"
                : SharedWithEarlier(parameters, i) is int j ? $"shares storage with parameter {j}, so a step would update those values twice"
                : string.Empty;
            if (problem.Length > 0) throw new ArgumentException($"{name}: parameter {i} {p} {problem}", nameof(parameters));
        }
    }

    // Index of an earlier parameter whose elements overlap parameter i's (a Detach()ed copy, or a view of the same storage).
    private static int? SharedWithEarlier(Tensor[] parameters, int i)
    {
        var p = parameters[i];
        for (int j = 0; j < i; j++)
        {
            var q = parameters[j];
            bool overlap = ReferenceEquals(p.Storage, q.Storage) && p.Offset < q.Offset + q.ElementCount && q.Offset < p.Offset + p.ElementCount;
            if (overlap) return j;
        }

        return null;
    }
}
