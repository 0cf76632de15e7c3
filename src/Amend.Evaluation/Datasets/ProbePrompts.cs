namespace Amend.Evaluation.Datasets;

/// <summary>
/// Checks, once a file is read, that every prompt a case is scored on has text: an empty paraphrase or probe
/// prompt would be scored on the answer alone, or end the whole run when generation needs a first token.
/// </summary>
internal static class ProbePrompts
{
    /// <exception cref="DatasetFormatException">A blank rephrase, portability or locality prompt; the message names file, record and probe.</exception>
    public static void RequireText(BenchmarkDataset dataset)
    {
        foreach (var c in dataset.Cases)
        {
            foreach (var request in c.Requests)
            {
                for (int i = 0; i < request.RephrasePrompts.Count; i++) Require(dataset.Path, c.Index, $"rephrase prompt {i}", request.RephrasePrompts[i]);
                foreach (var (group, probes) in new[] { ("portability", request.Portability), ("locality", request.Locality) })
                {
                    foreach (var (kind, list) in probes)
                    {
                        for (int i = 0; i < list.Count; i++) Require(dataset.Path, c.Index, $"{group} {kind} prompt {i}", list[i].Prompt);
                    }
                }
            }
        }
    }

    private static void Require(string file, int record, string what, string prompt)
    {
        if (string.IsNullOrWhiteSpace(prompt)) throw new DatasetFormatException(file, record, what, "is empty; a prompt needs text to be scored on");
    }
}
