using System.Text.Json.Nodes;
using Amend.Editing.Requests;

namespace Amend.Editing.Tests.Requests;

public sealed class EditRequestJsonTests
{
    [Fact]
    public void Parse_ReadsEasyEditFieldsInBothProbeForms()
    {
        var json = JsonNode.Parse("""
            {"prompt": "The Space Needle is in", "subject": "Space Needle", "target_new": "Goa", "ground_truth": ["Seattle"],
             "rephrase_prompt": "Where is the Space Needle?",
             "portability": {"Subject_Aliasing": [{"prompt": "The Needle is in", "ground_truth": [["Goa", "Goa, India"]]}]},
             "locality": {"Relation_Specificity": {"prompt": ["The Space Needle was built by", "x"], "ground_truth": ["Howard", ["y"]]}}}
            """)!.AsObject();

        var request = EditRequestJson.Parse(json, "r.json", 0);

        Assert.Equal("Seattle", request.GroundTruth);
        Assert.Equal(["Where is the Space Needle?"], request.RephrasePrompts);
        Assert.Equal(["Goa", "Goa, India"], request.Portability[ProbeKinds.SubjectAliasing][0].Answers);
        Assert.Equal("Howard", request.Locality[ProbeKinds.RelationSpecificity][0].Answer);
        Assert.Equal("y", request.Locality[ProbeKinds.RelationSpecificity][1].Answer);
    }

    [Fact]
    public void Parse_TakesAOneItemListAsItsText()
    {
        var json = JsonNode.Parse("""{"prompt": ["S is in"], "subject": ["S"], "target_new": ["T", "T alias"]}""")!.AsObject();

        var request = EditRequestJson.Parse(json, "r.json", 0);

        Assert.Equal(("S is in", "S", "T"), (request.Prompt, request.Subject, request.TargetNew));
    }

    [Fact]
    public void ToJson_RoundTrips()
    {
        var request = new EditRequest
        {
            Prompt = "{} is in",
            Subject = "Space Needle",
            TargetNew = "Goa",
            GroundTruth = "Seattle",
            RephrasePrompts = ["a", "b"],
            Locality = new Dictionary<string, IReadOnlyList<Probe>> { [ProbeKinds.Forgetfulness] = [new Probe("p", ["x", "y"])] },
        };

        var back = EditRequestJson.Parse(EditRequestJson.ToJson(request), "mem", 0);

        Assert.Equal(request.FilledPrompt, back.FilledPrompt);
        Assert.Equal(request.RephrasePrompts, back.RephrasePrompts);
        Assert.Equal(["x", "y"], back.Locality[ProbeKinds.Forgetfulness][0].Answers);
    }

    [Theory]
    [InlineData("""{"subject": "S", "target_new": "T"}""", "prompt")]
    [InlineData("""{"prompt": "S is", "subject": "S", "target_new": 3}""", "target_new")]
    [InlineData("""{"prompt": "X is", "subject": "S", "target_new": "T"}""", "subject")]
    [InlineData("""{"prompt": "S is", "subject": "S", "target_new": "T", "locality": {"k": 5}}""", "locality.k")]
    [InlineData("""{"prompt": ["S is", "S was"], "subject": "S", "target_new": "T"}""", "prompt")]
    [InlineData("""{"prompt": "S is", "subject": ["S", "R"], "target_new": "T"}""", "subject")]
    public void Parse_BadRecord_NamesSourceIndexAndField(string text, string field)
    {
        var error = Assert.Throws<EditRequestException>(() => EditRequestJson.Parse(JsonNode.Parse(text)!.AsObject(), "reqs.json", 4));
        Assert.Equal(field, error.Field);
        Assert.StartsWith($"reqs.json, record 4: edit request field \"{field}\": ", error.Message, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(error.Message, "edit request field"));
    }

    [Theory]
    [InlineData("""[{"prompt": "S is", "subject": "S\udfff", "target_new": "T"}]""", "[0].subject holds an unpaired UTF-16 surrogate escape")]
    [InlineData("""{"prompt": "S is", "subject": "S", "subject": "R", "target_new": "T"}""", "Duplicate property 'subject'")]
    public void ReadFile_UnreadableTextOrARepeatedField_IsInvalidJsonNamingTheFile(string text, string expected)
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, text);
            var error = Assert.Throws<EditRequestException>(() => EditRequestJson.ReadFile(path));
            Assert.Contains($"{path} is not valid JSON: {expected}", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void At_PutsEachPlaceInFront_NamingTheFieldOnce()
    {
        var error = new EditRequestException("subject", "is empty").At("reqs.json, record 4").At("request 2 of 5");

        Assert.Equal("request 2 of 5, reqs.json, record 4: edit request field \"subject\": is empty", error.Message);
        Assert.Equal(("subject", "is empty"), (error.Field, error.Problem));
    }
}
