using Amend.Evaluation.Datasets;

namespace Amend.Evaluation.Tests.Datasets;

public sealed class DatasetLoaderTests
{
    private static BenchmarkDataset Load(params string[] parts) => DatasetLoader.Load(SharedFixtures.Path(["data", .. parts]));

    [Theory]
    [InlineData("ZsRE/ZsRE-test-all.json.gz", "ZsRE", 1301)]
    [InlineData("wiki_recent/recent_train.json.gz", "WikiData_recent", 570)]
    [InlineData("wiki_counterfact/train_cf.json.gz", "WikiData_counterfact", 1427)]
    [InlineData("WikiBio/wikibio-test-all.json", "WikiBio", 306)]
    [InlineData("Convsent/blender_test.json.gz", "ConvSent", 800)]
    [InlineData("Sanitation/trivia_qa_test.json", "Sanitation", 80)]
    [InlineData("Sanitation/trivia_qa_train.json", "Sanitation", 80)]
    public void Load_ReadsEveryKnowEditSet(string file, string name, int count)
    {
        // When
        var dataset = Load("knowedit", file);

        // Then
        Assert.Equal(name, dataset.Name);
        Assert.Equal(count, dataset.Cases.Count);
        Assert.All(dataset.Cases, c => c.Request.Validate());
        Assert.Equal(Enumerable.Range(0, count), dataset.Cases.Select(c => c.Index));
    }

    [Fact]
    public void Load_KnowEditZsre_MapsFieldsAsEasyEdit()
    {
        var first = Load("knowedit", "ZsRE", "ZsRE-test-all.json.gz").Cases[0].Request;

        Assert.Equal("Which family does Epaspidoceras belong to?", first.Prompt);
        Assert.Equal("Epaspidoceras", first.Subject);
        Assert.Equal("Noctuidae", first.TargetNew);
        Assert.Equal("Aspidoceratidae", first.GroundTruth);
        Assert.Equal(["What family are Epaspidoceras?"], first.RephrasePrompts);
        var locality = first.Locality[ProbeKinds.RelationSpecificity][0];
        Assert.Equal(("The taxon rank of Epaspidoceras is", "genus"), (locality.Prompt, locality.Answer));
        Assert.Equal("Owlet moths", first.Portability[ProbeKinds.Reasoning][0].Answer);
    }

    [Fact]
    public void Load_WikiRecent_FlattensAliasListsKeepingTheFirstAnswerFirst()
    {
        var first = Load("knowedit", "wiki_recent", "recent_train.json.gz").Cases[0].Request;

        var citizenship = first.Locality[ProbeKinds.RelationSpecificity][1];
        Assert.Equal("Soviet Union", citizenship.Answer);
        Assert.Contains("USSR", citizenship.Answers);
        Assert.Null(first.GroundTruth);
    }

    [Fact]
    public void Load_WikiBio_UsesTextLabelsAndConcept()
    {
        var first = Load("knowedit", "WikiBio", "wikibio-test-all.json").Cases[0].Request;

        Assert.StartsWith("This is a Wikipedia passage about john russell reynolds.", first.Prompt, StringComparison.Ordinal);
        Assert.Equal("john russell reynolds", first.Subject);
        Assert.StartsWith("He received general education", first.TargetNew, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConvSent_DrawsSentimentFromTheSeed_AndUsesTheNextTopicForLocality()
    {
        var a = DatasetLoader.Load(SharedFixtures.Path("data", "knowedit", "Convsent", "blender_val.json.gz"), seed: 1);
        var b = DatasetLoader.Load(SharedFixtures.Path("data", "knowedit", "Convsent", "blender_val.json.gz"), seed: 1);

        var extras = Assert.IsType<ConvSentExtras>(a.Cases[0].Extras);
        Assert.Equal("Esparto, California", extras.Topic);
        Assert.Equal(a.Cases.Select(c => c.Request.Prompt), b.Cases.Select(c => c.Request.Prompt));
        Assert.Contains(((ConvSentExtras)a.Cases[1].Extras!).Topic, extras.OuterQuestion, StringComparison.Ordinal);
        Assert.Equal(extras.TargetAnswers[0], a.Cases[0].Request.TargetNew);
    }

    [Fact]
    public void Load_Sanitation_SpreadsTheRetainSetOverCases()
    {
        var dataset = Load("knowedit", "Sanitation", "trivia_qa_test.json");

        Assert.Equal(453, dataset.Cases.Sum(c => c.Request.Locality[DatasetProbeKinds.Retain].Count));
        Assert.Equal("Question:What type of creature is the Australian currawong?\nAnswer:", dataset.Cases[0].Request.Prompt);
        Assert.Equal("I don't know.", dataset.Cases[0].Request.TargetNew);
    }

    [Theory]
    [InlineData("counterfact-easyedit/counterfact-val.json", "counterfact", 1919)]
    [InlineData("counterfact-easyedit/counterfact-edit.json.gz", "counterfact", 10000)]
    [InlineData("easyedit-portability/counterfact_portability_gpt4.json.gz", "rome-counterfact", 1031)]
    [InlineData("easyedit-portability/counterfact_other_attribution.json.gz", "rome-counterfact", 804)]
    [InlineData("easyedit-portability/counterfact_subject_replace.json", "rome-counterfact", 213)]
    [InlineData("zsre/zsre_mend_eval_portability_gpt4.json", "zsre-mend", 1037)]
    [InlineData("zsre/zsre_mend_train-1k.json", "zsre-mend", 1000)]
    [InlineData("easyedit-portability/zsre_subject_replace.json", "zsre-mend", 293)]
    [InlineData("easyedit-portability/zsre_inverse_relation.json", "zsre-mend", 385)]
    [InlineData("mquake-hard/MQuAKE-hard.json.gz", "mquake", 429)]
    public void Load_DetectsTheOtherFormats(string file, string format, int count)
    {
        var dataset = DatasetLoader.Load(SharedFixtures.Path(["data", .. file.Split('/')]));

        Assert.Equal(format, dataset.Format);
        Assert.Equal(count, dataset.Cases.Count);
        // A few zsRE records name a subject their question does not contain (as upstream); the runner reports those per case.
        Assert.True(dataset.Cases.Count(c => !IsValid(c)) <= count / 50, $"{dataset.Cases.Count(c => !IsValid(c))} invalid requests");
    }

    [Fact]
    public void Load_AForcedFormatOtherThanTheContents_Warns()
    {
        var warnings = new List<string>();
        string path = SharedFixtures.Path("data", "counterfact-easyedit", "counterfact-val.json");

        var dataset = DatasetLoader.Load(path, "knowedit", warnings: warnings);

        Assert.Equal("knowedit", dataset.Format);
        Assert.Equal([$"{path} looks like counterfact but is read as knowedit, as asked; fields only counterfact has are ignored"], warnings);
        var matching = new List<string>();
        DatasetLoader.Load(path, "counterfact", warnings: matching);
        Assert.Empty(matching);
    }

    [Fact]
    public void Load_AnEmptyName_IsRefused()
    {
        string path = SharedFixtures.Path("data", "counterfact-easyedit", "counterfact-val.json");

        Assert.Contains("name is empty", Assert.Throws<ArgumentException>(() => DatasetLoader.Load(path, name: " ")).Message, StringComparison.Ordinal);
    }

    private static bool IsValid(BenchmarkCase c)
    {
        try
        {
            foreach (var request in c.Requests) request.Validate();
            return true;
        }
        catch (EditRequestException)
        {
            return false;
        }
    }

    [Fact]
    public void Load_RomeCounterFact_MapsRewriteProbesAndExtras()
    {
        var first = DatasetLoader.Load(SharedFixtures.Path("data", "easyedit-portability", "counterfact_portability_gpt4.json.gz")).Cases[0];

        Assert.Equal("4482", first.Id);
        Assert.Equal("{} originates from", first.Request.Prompt);
        Assert.Equal("Spike Hughes originates from", first.Request.FilledPrompt);
        Assert.Equal(("Philadelphia", "London"), (first.Request.TargetNew, first.Request.GroundTruth));
        Assert.Equal(2, first.Request.RephrasePrompts.Count);
        Assert.Equal(10, first.Request.Locality[ProbeKinds.Neighborhood].Count);
        Assert.All(first.Request.Locality[ProbeKinds.Neighborhood], p => Assert.Equal("London", p.Answer));
        Assert.Equal("Cheesesteaks", first.Request.Portability[DatasetProbeKinds.OneHop][0].Answer);
        Assert.Equal(10, Assert.IsType<CounterFactExtras>(first.Extras).GenerationPrompts.Count);
    }

    [Fact]
    public void Load_MQuAKE_KeepsEveryRewriteOfACase()
    {
        var first = Load("mquake-hard", "MQuAKE-hard.json.gz").Cases[0];

        Assert.Equal(4, first.Requests.Count);
        Assert.Equal(("Madonna", "The Beatles"), (first.Requests[0].TargetNew, first.Requests[0].GroundTruth));
        var hop = first.Request.Portability[DatasetProbeKinds.MultiHop];
        Assert.Equal(3, hop.Count);
        Assert.Equal("Arabic", hop[0].Answer);
        Assert.Contains("Arabic language", hop[0].Answers);
    }

    [Fact]
    public void Load_MendZsre_MapsSrcAltAndLoc()
    {
        var first = Load("zsre", "zsre_mend_train-1k.json").Cases[0].Request;

        Assert.Equal(("What is the product made by UniFirst?", "unmanned aircraft", "uniform"), (first.Prompt, first.TargetNew, first.GroundTruth));
        Assert.Equal("Walter Sobchak", first.Locality[ProbeKinds.Neighborhood][0].Answer);
    }
}
