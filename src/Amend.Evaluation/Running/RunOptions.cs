namespace Amend.Evaluation.Running;

/// <summary>How a benchmark run edits and what it measures.</summary>
public sealed record RunOptions
{
    /// <summary>Single, sequential or batch.</summary>
    public RunMode Mode { get; init; } = RunMode.Single;

    /// <summary>Cases per batch edit (batch mode).</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Sequential mode: evaluate after every this-many edits (each case once, right after its group); 0 evaluates every case after the last edit.</summary>
    public int EvaluateEvery { get; init; } = 1;

    /// <summary>Run only the first N cases of the file (before sharding); null for all.</summary>
    public int? Limit { get; init; }

    /// <summary>Run only this shard of the cases; null for all.</summary>
    public ShardSpec? Shard { get; init; }

    /// <summary>Seeds the editor and sampled generations (plus the case index, so a shard scores its cases as the whole run would).</summary>
    public int Seed { get; init; }

    /// <summary>The model's name in reports.</summary>
    public string ModelName { get; init; } = "model";

    /// <summary>Which protocols to measure.</summary>
    public EvaluationOptions Evaluation { get; init; } = new();

    /// <summary>What the editor receives besides the seed (statistics source, context templates); null for defaults.</summary>
    public EditOptions? Edit { get; init; }

    /// <summary>Checks the values before any work.</summary>
    /// <exception cref="ArgumentException">A count is out of range; the message names it.</exception>
    public void Validate()
    {
        if (BatchSize < 1) throw new ArgumentException($"batch size must be at least 1, got {BatchSize}");
        if (EvaluateEvery < 0) throw new ArgumentException($"eval-every must be 0 (at the end) or positive, got {EvaluateEvery}");
        if (Limit is < 1) throw new ArgumentException($"limit must be positive, got {Limit}");
        if (Evaluation.FluencyLength < 2) throw new ArgumentException($"fluency length must be at least 2 tokens, got {Evaluation.FluencyLength}");
        if (Evaluation.FluencyTopK < 0) throw new ArgumentException($"fluency top-k must be 0 (greedy) or positive, got {Evaluation.FluencyTopK}");
    }

    /// <summary>When cases are evaluated, in words (recorded in the summary).</summary>
    public string Schedule => Mode switch
    {
        RunMode.Sequential when EvaluateEvery == 0 => "after all edits",
        RunMode.Sequential when EvaluateEvery == 1 => "after each edit",
        RunMode.Sequential => $"after every {EvaluateEvery} edits",
        RunMode.Batch => "after each batch, then undone",
        _ => "after each edit, then undone",
    };
}
