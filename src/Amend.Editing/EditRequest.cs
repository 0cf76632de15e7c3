namespace Amend.Editing;

/// <summary>
/// One fact to write into a model, in EasyEdit's request shape: after <see cref="Prompt"/> (which names
/// <see cref="Subject"/>, either literally or through a "{}" placeholder) the model should say
/// <see cref="TargetNew"/> instead of <see cref="GroundTruth"/>.
/// </summary>
public sealed record EditRequest
{
    /// <summary>The edit prompt, e.g. "The Space Needle is in" or "{} is in" (EasyEdit "prompt").</summary>
    public required string Prompt { get; init; }

    /// <summary>The entity whose fact changes; must occur in the prompt (EasyEdit "subject").</summary>
    public required string Subject { get; init; }

    /// <summary>The new answer, scored as " " + target after the prompt (EasyEdit "target_new").</summary>
    public required string TargetNew { get; init; }

    /// <summary>The answer before the edit, when known (EasyEdit "ground_truth").</summary>
    public string? GroundTruth { get; init; }

    /// <summary>Paraphrases of the prompt that should also give the new answer (EasyEdit "rephrase_prompt").</summary>
    public IReadOnlyList<string> RephrasePrompts { get; init; } = [];

    /// <summary>Probes whose answers follow from the edit, by kind (see <see cref="ProbeKinds"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Probe>> Portability { get; init; } = new Dictionary<string, IReadOnlyList<Probe>>();

    /// <summary>Probes whose answers must not change, by kind (see <see cref="ProbeKinds"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Probe>> Locality { get; init; } = new Dictionary<string, IReadOnlyList<Probe>>();

    /// <summary>The prompt with the subject written in: what the model reads.</summary>
    public string FilledPrompt => Prompt.Contains("{}", StringComparison.Ordinal) ? Prompt.Replace("{}", Subject, StringComparison.Ordinal) : Prompt;

    /// <summary>The prompt with the subject's first occurrence replaced by "{}" (ROME's template form).</summary>
    /// <exception cref="EditRequestException">The subject does not occur in the prompt, or the prompt has more than one "{}".</exception>
    public string Template => TemplateOf(Prompt, Subject);

    /// <summary>Checks what every method needs: a non-empty prompt, subject and target, and the subject in the prompt or its place marked by one "{}".</summary>
    /// <exception cref="EditRequestException">A field is missing or inconsistent; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Prompt)) throw new EditRequestException("prompt", "is empty");
        if (string.IsNullOrWhiteSpace(Subject)) throw new EditRequestException("subject", "is empty");
        if (string.IsNullOrWhiteSpace(TargetNew)) throw new EditRequestException("target_new", "is empty");
        _ = Template;
    }

    /// <summary>
    /// <paramref name="prompt"/> as a template: itself when it has a "{}", else with the first occurrence of
    /// <paramref name="subject"/> replaced by "{}" (edits and traces alike). Only the subject's place may be marked.
    /// </summary>
    /// <exception cref="EditRequestException">The subject does not occur in the prompt, or the prompt has more than one "{}".</exception>
    internal static string TemplateOf(string prompt, string subject)
    {
        if (prompt.Split("{}").Length > 2) throw new EditRequestException("prompt", $"has more than one \"{{}}\" placeholder: {MessageText.Quote(prompt)}");
        if (prompt.Contains("{}", StringComparison.Ordinal)) return prompt;
        int at = prompt.IndexOf(subject, StringComparison.Ordinal);
        if (at < 0) throw new EditRequestException("subject", $"{MessageText.Quote(subject)} does not occur in the prompt {MessageText.Quote(prompt)} (write it there literally, or mark its place with {{}})");
        return string.Concat(prompt.AsSpan(0, at), "{}", prompt.AsSpan(at + subject.Length));
    }

    /// <summary>Checks a batch for <paramref name="method"/>: at least one request, none null, each valid; errors name the request's index when there are several.</summary>
    /// <exception cref="ArgumentException">The batch is empty or a request is null.</exception>
    /// <exception cref="EditRequestException">A request is invalid; the message says which ("request 3 of 5") and which field.</exception>
    public static void ValidateBatch(IReadOnlyList<EditRequest> requests, string method)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0) throw new ArgumentException($"{method}: give at least one edit request", nameof(requests));
        for (int i = 0; i < requests.Count; i++)
        {
            var request = requests[i] ?? throw new ArgumentException($"{method}: request {i} is null", nameof(requests));
            try
            {
                request.Validate();
            }
            catch (EditRequestException e) when (requests.Count > 1)
            {
                throw e.At($"request {i} of {requests.Count}");
            }
        }
    }
}
