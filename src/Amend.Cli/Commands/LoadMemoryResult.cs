namespace Amend.Cli.Commands;

/// <summary>Memory cost of loading one checkpoint, in MiB.</summary>
internal sealed record LoadMemoryResult(double FileMegabytes, double PeakIncreaseMegabytes, double ResidentIncreaseMegabytes);
