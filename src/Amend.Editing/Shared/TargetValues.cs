using Amend.Tensors.Linalg;

namespace Amend.Editing.Shared;

/// <summary>
/// MEMIT's z step (<c>compute_z</c>; PMET's <c>compute_zs</c>) for a batch: for each request, the value z = h₀ + δ at
/// the edit point of the last edited layer (<see cref="ValueOptimizerSettings.EditPoint"/>: MEMIT the block output
/// <see cref="Amend.Models.Hooks.HookPoint.Block"/>, PMET the MLP output) at the subject token that makes the model say
/// the new target, found by <see cref="ValueOptimizer"/> over the rewriting prompts of that request alone.
/// </summary>
public static class TargetValues
{
    /// <summary>Z (d, n) with column j request j's z, and each request's optimisation record.</summary>
    /// <param name="model">The model, read only.</param>
    /// <param name="requests">The requests.</param>
    /// <param name="contextTemplates">The context templates ("{}" for the prompt).</param>
    /// <param name="which">The token δ is added at.</param>
    /// <param name="settings">The search settings (edit point: where z lives).</param>
    /// <param name="progress">Receives each optimisation step.</param>
    /// <param name="cancellation">Stops the search between steps.</param>
    /// <exception cref="EditRequestException">A target has no tokens or a subject cannot be located.</exception>
    public static (Matrix64 Targets, IReadOnlyList<ValueOptimization> Runs) Compute(EditableModel model, IReadOnlyList<EditRequest> requests,
        IReadOnlyList<string> contextTemplates, FactToken which, ValueOptimizerSettings settings, IProgress<EditProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(requests);
        var runs = new List<ValueOptimization>(requests.Count);
        foreach (var request in requests)
        {
            var prompts = RewritingPrompts.Build(model, request.Template, request.Subject, TargetIds(model, request), contextTemplates, which);
            runs.Add(ValueOptimizer.Optimize(model.Model, prompts, settings, progress, cancellation));
        }

        int d = runs[0].Initial.ElementCount;
        var targets = new Matrix64(d, requests.Count);
        for (int j = 0; j < runs.Count; j++)
        {
            float[] z = runs[j].Target.ToArray();
            for (int i = 0; i < d; i++) targets.Data[(i * requests.Count) + j] = z[i];
        }

        return (targets, runs);
    }

    /// <summary>The target's tokens as MEMIT reads them: a space is prepended unless the target starts with one.</summary>
    /// <exception cref="EditRequestException">The target has no tokens.</exception>
    public static int[] TargetIds(EditableModel model, EditRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        string text = request.TargetNew.StartsWith(' ') ? request.TargetNew : " " + request.TargetNew;
        int[] ids = model.EncodeContinuation(text);
        return ids.Length > 0 ? ids : throw new EditRequestException("target_new", $"\"{request.TargetNew}\" has no tokens");
    }
}
