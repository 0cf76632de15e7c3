namespace Amend.Editing;

/// <summary>An edit request that no method can apply (empty target, subject not in the prompt...). Names the field.</summary>
public sealed class EditRequestException : ArgumentException
{
    /// <summary>Creates the error for <paramref name="field"/> (an EasyEdit request field name such as "target_new").</summary>
    public EditRequestException(string field, string message)
        : base($"edit request field \"{field}\": {message}")
    {
        Field = field;
    }

    /// <summary>The request field at fault, as EasyEdit names it.</summary>
    public string Field { get; }
}
