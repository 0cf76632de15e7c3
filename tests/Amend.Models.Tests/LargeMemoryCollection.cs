namespace Amend.Models.Tests;

/// <summary>
/// Tests that hold gigabytes at once (a 16384-wide float64 matrix is 2 GiB) run alone, after the parallel ones, so
/// the suite's peak memory is one of them, not several side by side.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LargeMemoryCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "large memory";
}
