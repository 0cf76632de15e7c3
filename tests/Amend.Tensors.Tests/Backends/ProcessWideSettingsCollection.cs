namespace Amend.Tensors.Tests.Backends;

/// <summary>
/// Tests that change a process-wide setting (the GEMM backend) run alone, after the parallel ones: while such a
/// setting is switched, every other test's matrix products would silently run through it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideSettingsCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "process-wide settings";
}
