namespace Amend.World.Evaluation;

/// <summary>Recall fractions of a model on its world (each in [0, 1]) and how many probes each used.</summary>
/// <param name="FactsRecall">Trained templates, canonical subject names.</param>
/// <param name="ParaphraseRecall">Held-out templates, canonical names.</param>
/// <param name="AliasRecall">Trained templates with an alias as subject.</param>
/// <param name="FactProbes">Number of fact probes.</param>
/// <param name="ParaphraseProbes">Number of paraphrase probes.</param>
/// <param name="AliasProbes">Number of alias probes.</param>
public sealed record RecallReport(double FactsRecall, double ParaphraseRecall, double AliasRecall, int FactProbes, int ParaphraseProbes, int AliasProbes);
