using Amend.Editing.Hyperparameters;

namespace Amend.Editing;

/// <summary>
/// A knowledge-editing method with its hyperparameters. <see cref="Apply"/> changes the model in place and
/// returns what changed; on any failure it throws and the model is exactly as it was.
/// </summary>
public interface IEditor
{
    /// <summary>The method's name as EasyEdit's alg_name spells it ("ROME", "MEMIT", "FT").</summary>
    string Method { get; }

    /// <summary>The hyperparameters the editor runs with.</summary>
    IHyperparameters Hyperparameters { get; }

    /// <summary>Applies one edit.</summary>
    /// <exception cref="EditRequestException">The request is invalid for this model (names the field).</exception>
    /// <exception cref="EditFailedException">The edit produced non-finite weights or a solve failed; the model is unchanged.</exception>
    EditResult Apply(EditableModel model, EditRequest request, EditOptions? options = null);
}
