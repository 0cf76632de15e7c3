namespace Amend.Evaluation.Datasets;

/// <summary>Where a dataset comes from and the choices a reader makes while mapping it.</summary>
/// <param name="Path">The file, named in every error.</param>
/// <param name="Seed">Seeds the random choices some formats make (ConvSent's target sentiment and question templates).</param>
public sealed record DatasetSource(string Path, int Seed = 0);
