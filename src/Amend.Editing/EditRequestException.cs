namespace Amend.Editing;

/// <summary>
/// An edit request that no method can apply (empty target, subject not in the prompt...). Names the field, and
/// where the request came from once that is known ("reqs.json, record 4: edit request field "subject": ...").
/// </summary>
public sealed class EditRequestException : ArgumentException
{
    /// <summary>Creates the error for <paramref name="field"/> (an EasyEdit request field name such as "target_new").</summary>
    public EditRequestException(string field, string message)
        : this(field, message, null)
    {
    }

    private EditRequestException(string field, string problem, string? where)
        : base((where is null ? "" : where + ": ") + $"edit request field \"{field}\": {problem}")
    {
        (Field, Problem, Where) = (field, problem, where);
    }

    /// <summary>The request field at fault, as EasyEdit names it.</summary>
    public string Field { get; }

    /// <summary>What is wrong with the field, without the field's name or the request's place.</summary>
    public string Problem { get; }

    /// <summary>Which request it is ("reqs.json, record 4", "request 2 of 5"); null when not known.</summary>
    public string? Where { get; }

    /// <summary>The same error for the request at <paramref name="where"/>, in front of any place already named.</summary>
    public EditRequestException At(string where) => new(Field, Problem, Where is null ? where : $"{where}, {Where}");
}
