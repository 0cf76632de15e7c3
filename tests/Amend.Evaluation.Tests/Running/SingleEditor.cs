using Amend.Editing.Hyperparameters;

namespace Amend.Evaluation.Tests.Running;

/// <summary>A method that cannot batch (wraps <see cref="ShiftEditor"/>'s single edit).</summary>
internal sealed class SingleEditor(float shift) : IEditor
{
    private readonly ShiftEditor _inner = new(shift);

    public string Method => "SINGLE";

    public IHyperparameters Hyperparameters => ((IEditor)_inner).Hyperparameters;

    public EditResult Apply(EditableModel model, EditRequest request, EditOptions? options = null) => _inner.Apply(model, request, options);
}
