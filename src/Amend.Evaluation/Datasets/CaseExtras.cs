namespace Amend.Evaluation.Datasets;

/// <summary>Inputs a dataset carries beyond the edit request, for the metrics only that dataset has.</summary>
public abstract record CaseExtras;
