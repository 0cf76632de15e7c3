using Amend.Editing.Hyperparameters;
using Amend.Models.Architectures;

namespace Amend.Evaluation.Tests.Running;

/// <summary>
/// A test-only method: every edit adds <see cref="Shift"/> to each entry of block 1's MLP output projection
/// through <see cref="WeightUpdate.Commit"/>, so its effect is deterministic and undoable. Requests whose target
/// is "reject" fail as an invalid request would.
/// </summary>
internal sealed class ShiftEditor(float shift) : IBatchEditor
{
    public const string Weight = "transformer.h.1.mlp.c_proj.weight";

    private sealed record Hyperparameters : IHyperparameters
    {
        public string AlgName => "SHIFT";

        public IReadOnlyList<string> Validate(ModelArchitecture architecture) => [];
    }

    public float Shift => shift;

    public int Calls { get; private set; }

    /// <summary>The options of the last call (the run hands its cancellation token on through them).</summary>
    public EditOptions? LastOptions { get; private set; }

    public string Method => "SHIFT";

    IHyperparameters IEditor.Hyperparameters => new Hyperparameters();

    public EditResult Apply(EditableModel model, EditRequest request, EditOptions? options = null) => ApplyBatch(model, [request], options);

    public EditResult ApplyBatch(EditableModel model, IReadOnlyList<EditRequest> requests, EditOptions? options = null)
    {
        Calls++;
        LastOptions = options;
        if (requests.Any(r => r.TargetNew == "reject")) throw new EditRequestException("target_new", "rejected by the test editor");
        var shape = model.Model.Parameter(Weight).Shape;
        return WeightUpdate.Commit(model.Model, Method, new Hyperparameters(), requests, [new ParameterDelta(Weight, Tensor.Full(shape, shift))], new Dictionary<string, double> { ["requests"] = requests.Count });
    }
}
