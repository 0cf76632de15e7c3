namespace Amend.Editing.Statistics;

/// <summary>What statistics a method asks for, in EasyEdit's terms.</summary>
/// <param name="Dataset">The corpus name (mom2_dataset: "wikipedia", "wikitext2"...).</param>
/// <param name="Samples">How many corpus rows (mom2_n_samples).</param>
/// <param name="DType">The dtype EasyEdit accumulates in (mom2_dtype), part of its file names.</param>
public sealed record StatisticsRequest(string Dataset, int Samples, string DType = "float32");
