using System.CommandLine;

namespace Amend.Cli.Commands;

/// <summary>The options of <c>amend bench</c> when it runs an editing benchmark (no subcommand).</summary>
internal sealed class BenchRunOptions
{
    public ModelOptions Model { get; } = new();

    public Option<string?> Method { get; } = new("--method") { Description = "Editing method (EasyEdit alg_name, e.g. ROME, MEMIT, FT)." };

    public Option<string?> Hparams { get; } = new("--hparams") { Description = "EasyEdit hyperparameter YAML for the method." };

    public Option<string?> Data { get; } = new("--data") { Description = "Benchmark file (.json or .json.gz): KnowEdit, CounterFact (EasyEdit or ROME), MEND zsRE, MQuAKE." };

    public Option<string?> Format { get; } = new("--format") { Description = "Force the data format (knowedit, convsent, sanitation, counterfact, rome-counterfact, zsre-mend, mquake); default: detected." };

    public Option<string?> Name { get; } = new("--name") { Description = "The dataset's name in reports (default: from the format, e.g. ZsRE)." };

    public Option<string> Mode { get; } = new("--mode") { Description = "single (each edit undone), sequential (edits accumulate) or batch.", DefaultValueFactory = _ => "single" };

    public Option<int> BatchSize { get; } = new Option<int>("--batch-size") { Description = "Cases per batch edit (batch mode).", DefaultValueFactory = _ => 1 }.AtLeast(1);

    public Option<int?> EvalEvery { get; } = new Option<int?>("--eval-every") { Description = "Sequential mode: evaluate after every N edits (default 1)." }.AtLeast(0);

    public Option<bool> EvalAtEnd { get; } = new("--eval-at-end") { Description = "Sequential mode: evaluate every case after the last edit." };

    public Option<int?> Limit { get; } = new Option<int?>("--limit") { Description = "Run only the first N cases." }.AtLeast(1);

    public Option<string?> Shard { get; } = new("--shard") { Description = "Run only shard i of n (cases with index ≡ i mod n), e.g. 0/4; combine with `bench merge`." };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the editor and of sampled generations.", DefaultValueFactory = _ => 0 };

    public Option<string[]> Protocols { get; } = new("--protocol") { Description = "Also measure: rome (P(new) vs P(true)), exact-match. Repeatable." };

    public Option<bool> NoFluency { get; } = new("--no-fluency") { Description = "Skip the fluency generations." };

    public Option<int> FluencyTopK { get; } = new Option<int>("--fluency-top-k") { Description = "Sample fluency texts from the top k tokens (EasyEdit uses 5); 0 = greedy.", DefaultValueFactory = _ => 0 }.AtLeast(0);

    public Option<string?> Out { get; } = new Option<string?>("--out") { Description = "Folder for cases.jsonl, summary.json, report.md and report.html." }.NonEmptyPath();

    /// <summary>--resume.</summary>
    public Option<bool> Resume { get; } = new("--resume") { Description = "Go on from the cases an interrupted run of the same configuration left in --out (cases.partial.jsonl); a sequential run replays their edits first." };

    public StatisticsSourceOptions Statistics { get; } = new();

    public Option<string?> ContextTemplates { get; } = new("--context-templates")
    {
        Description = "JSON list of context templates (or EasyEdit's context_templates.json) to use instead of sampling them.",
    };

    public void AddTo(Command command)
    {
        Statistics.AddTo(command);
        command.Add(ContextTemplates);
        Model.AddTo(command);
        // --model belongs to the run; the subcommands (kernels, forward, load, edit, stats, kne, merge, table) must parse without it.
        Model.Model.Required = false;
        Mode.AcceptOnlyFromAmong("single", "sequential", "batch");
        Protocols.AcceptOnlyFromAmong("rome", "exact-match");
        foreach (var option in new Option[] { Method, Hparams, Data, Format, Name, Mode, BatchSize, EvalEvery, EvalAtEnd, Limit, Shard, Seed, Protocols, NoFluency, FluencyTopK, Out, Resume }) command.Add(option);
    }
}
