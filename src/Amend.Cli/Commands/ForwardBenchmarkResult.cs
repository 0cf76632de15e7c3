namespace Amend.Cli.Commands;

/// <summary>Throughput of one (batch, length) shape.</summary>
internal sealed record ForwardBenchmarkResult(int Batch, int Length, double ForwardTokensPerSecond, double TrainTokensPerSecond);
