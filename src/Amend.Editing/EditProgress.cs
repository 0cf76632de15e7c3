namespace Amend.Editing;

/// <summary>A progress report from a long editing step.</summary>
/// <param name="Step">What is running, e.g. "v* optimisation".</param>
/// <param name="Done">Units finished.</param>
/// <param name="Total">Units in all.</param>
/// <param name="Detail">A short status such as the current loss; may be empty.</param>
public sealed record EditProgress(string Step, int Done, int Total, string Detail = "");
