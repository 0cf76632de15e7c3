using Amend.Models.Hooks;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Shared;

/// <summary>
/// The keys MEMIT writes into one layer (its <c>compute_ks</c>): for each request, the rewritten module's input at the
/// subject's located token after every context template, averaged within each group of templates and then over the
/// groups. MEMIT's templates are two groups, the bare "{}" and the generated ones, so the bare prompt weighs half.
/// </summary>
public static class LayerKeys
{
    /// <summary>K, (d_in, n): column j is request j's key at <paramref name="point"/>.</summary>
    /// <param name="model">The model, read only.</param>
    /// <param name="point">The rewritten module, e.g. <see cref="HookPoint.MlpOutputProjection"/>(layer).</param>
    /// <param name="requests">The n requests (their <see cref="EditRequest.Template"/> and subject).</param>
    /// <param name="contextTemplates">The context templates; the first is its own group, the rest one group.</param>
    /// <param name="which">The token whose key is read.</param>
    /// <exception cref="ArgumentException">No requests or no context templates.</exception>
    /// <exception cref="EditRequestException">A subject cannot be located in a templated prompt.</exception>
    public static Matrix64 Compute(EditableModel model, HookPoint point, IReadOnlyList<EditRequest> requests, IReadOnlyList<string> contextTemplates, FactToken which)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(contextTemplates);
        if (requests.Count == 0 || contextTemplates.Count == 0) throw new ArgumentException($"LayerKeys: need requests and context templates, got {requests.Count} and {contextTemplates.Count}");
        int perRequest = contextTemplates.Count;
        var prompts = requests.SelectMany(r => contextTemplates.Select(c => c.Replace("{}", r.Template, StringComparison.Ordinal))).ToList();
        var subjects = requests.SelectMany(r => Enumerable.Repeat(r.Subject, perRequest)).ToList();
        float[] keys = KeyCollector.Collect(model, point, prompts, subjects, which).Keys.ToArray();
        int d = keys.Length / prompts.Count;
        var result = new Matrix64(d, requests.Count);
        var groups = perRequest == 1 ? new[] { (0, 1) } : [(0, 1), (1, perRequest - 1)];
        for (int j = 0; j < requests.Count; j++)
        {
            foreach (var (start, count) in groups)
            {
                double weight = 1.0 / (groups.Length * count);
                for (int t = start; t < start + count; t++)
                {
                    int row = (j * perRequest) + t;
                    for (int i = 0; i < d; i++) result.Data[(i * requests.Count) + j] += weight * keys[(row * d) + i];
                }
            }
        }

        return result;
    }
}
