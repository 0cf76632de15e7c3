using Amend.Evaluation.Datasets;
using Amend.Models.HuggingFace;

namespace Amend.Evaluation.Tests.Running;

/// <summary>The golden GPT-2 with the GPT-2 tokenizer, and small benchmarks built on real data.</summary>
internal static class TestBenchmark
{
    public static EditableModel Model() => EditableModel.From(PretrainedModel.Load(
        SharedFixtures.Path("golden", "gpt2"), SharedFixtures.Path("models", "fake-gpt2-tiny-random")));

    /// <summary>The first <paramref name="count"/> cases of KnowEdit's WikiData_counterfact (the toy-world shape).</summary>
    public static BenchmarkDataset Counterfact(int count)
    {
        var full = DatasetLoader.Load(SharedFixtures.Path("data", "knowedit", "wiki_counterfact", "train_cf.json.gz"));
        return full with { Cases = [.. full.Cases.Take(count)] };
    }
}
