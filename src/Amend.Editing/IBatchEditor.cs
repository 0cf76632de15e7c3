namespace Amend.Editing;

/// <summary>A method that writes many facts in one update (MEMIT, AlphaEdit, fine-tuning). Single-edit methods do not implement it.</summary>
public interface IBatchEditor : IEditor
{
    /// <summary>Applies all <paramref name="requests"/> as one edit.</summary>
    /// <exception cref="EditRequestException">A request is invalid; the message names its index and field.</exception>
    /// <exception cref="EditFailedException">The edit failed; the model is unchanged.</exception>
    EditResult ApplyBatch(EditableModel model, IReadOnlyList<EditRequest> requests, EditOptions? options = null);
}
