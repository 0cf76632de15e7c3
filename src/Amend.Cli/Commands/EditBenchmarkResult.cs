namespace Amend.Cli.Commands;

/// <summary>One timed edit: total seconds and seconds per phase as the editor reported them.</summary>
internal sealed record EditBenchmarkResult(string Method, int Requests, double TotalSeconds, IReadOnlyDictionary<string, double> PhaseSeconds);
