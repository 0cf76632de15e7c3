using Amend.Editing.Journal;
using Amend.Models.HuggingFace;

namespace Amend.Cli.Tests.Commands;

public sealed class EditCommandTests
{
    private static string Model => SharedFixtures.Path("golden", "gpt2");

    private static string Tokenizer => SharedFixtures.Path("models", "fake-gpt2-tiny-random");

    [Fact]
    public void UnknownMethod_ListsKnownOnes()
    {
        var (code, _, error) = CliRunner.Run("edit", "--model", Model, "--tokenizer", Tokenizer, "--method", "NOPE", "--hparams", "x.yaml",
            "--prompt", "The Space Needle is in", "--subject", "Space Needle", "--target", "Goa", "--out", Path.Combine(Path.GetTempPath(), "amend-never"));
        Assert.Equal(2, code);
        Assert.Contains("unknown editing method \"NOPE\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SubjectNotInPrompt_NamesTheOption()
    {
        var (code, _, error) = CliRunner.Run("edit", "--model", Model, "--tokenizer", Tokenizer, "--method", "ROME", "--hparams", "x.yaml",
            "--prompt", "The Eiffel Tower is in", "--subject", "Space Needle", "--target", "Goa", "--out", Path.Combine(Path.GetTempPath(), "amend-never"));
        Assert.Equal(2, code);
        Assert.Contains("amend edit: --subject: \"Space Needle\" does not occur in the prompt", error, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyTarget_NamesTheOption()
    {
        var (code, _, error) = CliRunner.Run("edit", "--model", Model, "--method", "ROME", "--hparams", "x.yaml",
            "--prompt", "The Space Needle is in", "--subject", "Space Needle", "--target", " ", "--out", Path.Combine(Path.GetTempPath(), "amend-never"));
        Assert.Equal(2, code);
        Assert.Contains("amend edit: --target: ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--ground-truth", " ", "--ground-truth must be an answer (leave the option out when the current one is unknown), got \" \"")]
    [InlineData("--out", "", "--out must be a path, got \"\"")]
    public void AnEmptyGroundTruthOrOut_NamesTheOption(string option, string value, string expected)
    {
        string[] common = ["edit", "--model", Model, "--method", "ROME", "--hparams", "x.yaml", "--prompt", "The Space Needle is in", "--subject", "Space Needle", "--target", "Goa"];
        string[] rest = option == "--out" ? [option, value] : [option, value, "--out", Path.Combine(Path.GetTempPath(), "amend-never")];

        var (code, _, error) = CliRunner.Run([.. common, .. rest]);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingTarget_IsAnError()
    {
        var (code, _, error) = CliRunner.Run("edit", "--model", Model, "--method", "ROME", "--hparams", "x.yaml",
            "--prompt", "The Space Needle is in", "--subject", "Space Needle", "--out", Path.Combine(Path.GetTempPath(), "amend-never"));
        Assert.Equal(2, code);
        Assert.Contains("--target", error, StringComparison.Ordinal);
    }

    [Fact]
    public void OutAnExistingFile_IsRefusedBeforeEditing()
    {
        string file = Path.GetTempFileName();
        try
        {
            // The hparams path does not exist: had the edit run first, that would be the error.
            var (code, _, error) = CliRunner.Run("edit", "--model", Model, "--tokenizer", Tokenizer, "--method", "ROME", "--hparams", "no-such.yaml",
                "--prompt", "The Space Needle is in", "--subject", "Space Needle", "--target", "Goa", "--out", file);

            Assert.Equal(2, code);
            Assert.Contains("is a file; a model is saved as a folder", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void HyperparametersThatDoNotFitTheModel_NameTheYamlFile()
    {
        string hparams = Path.Combine(Path.GetTempPath(), $"amend-rome-{Guid.NewGuid():N}.yaml");
        string golden = File.ReadAllText(SharedFixtures.Path("golden", "easyedit", "ROME", "hparams.yaml"));
        File.WriteAllText(hparams, golden.Replace("layers:\n- 1\n", "layers:\n- 99\n", StringComparison.Ordinal));
        try
        {
            var (code, _, error) = CliRunner.Run("edit", "--model", Model, "--tokenizer", Tokenizer, "--method", "ROME", "--hparams", hparams,
                "--prompt", "The Space Needle is in", "--subject", "Space Needle", "--target", "Goa", "--out", Path.Combine(Path.GetTempPath(), "amend-never"));

            Assert.Equal(2, code);
            Assert.Contains($"{hparams}: ROME hyperparameters do not fit this gpt2 model", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(hparams);
        }
    }

    [Theory]
    [InlineData("MEMIT", "ROME", "ROME", "MEMIT")]
    [InlineData("FT-M", "ROME", "ROME", "FT")]
    public void HyperparametersOfAnotherMethod_SayWhichMethodTheyAreFor(string method, string file, string fileAlgName, string expected)
    {
        var (code, _, error) = CliRunner.Run("edit", "--model", Model, "--tokenizer", Tokenizer, "--method", method, "--hparams", SharedFixtures.Path("golden", "easyedit", file, "hparams.yaml"),
            "--prompt", "The Space Needle is in", "--subject", "Space Needle", "--target", "Goa", "--out", Path.Combine(Path.GetTempPath(), "amend-never"));

        Assert.Equal(2, code);
        Assert.Contains($"alg_name is \"{fileAlgName}\" but these are {expected} hyperparameters", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--hparams", "a hyperparameter file")]
    [InlineData("--requests", "a requests file")]
    public void AHugeFileWhereYamlOrJsonBelongs_IsNamed_NotReadIntoMemory(string option, string what)
    {
        // Given a 3 GiB file (sparse) passed where a YAML or JSON file belongs, as a mistyped path to a checkpoint would be
        string huge = Path.Combine(Path.GetTempPath(), $"amend-huge-{Guid.NewGuid():N}");
        using (var file = File.Create(huge)) file.SetLength(3L << 30);
        string[] request = option == "--requests" ? ["--requests", huge] : ["--prompt", "The Space Needle is in", "--subject", "Space Needle", "--target", "Goa"];
        try
        {
            var (code, _, error) = CliRunner.Run(["edit", "--model", Model, "--tokenizer", Tokenizer, "--method", "ROME",
                "--hparams", option == "--hparams" ? huge : SharedFixtures.Path("golden", "easyedit", "ROME", "hparams.yaml"), .. request, "--out", Path.Combine(Path.GetTempPath(), "amend-never")]);

            Assert.Equal(2, code);
            Assert.Contains($"{huge} is 3 GiB, too large for {what}", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(huge);
        }
    }

    [Theory]
    [InlineData("--subject")]
    [InlineData("--target")]
    [InlineData("--ground-truth")]
    public void RequestsFile_WithARequestOption_IsRefused_NotSilentlyIgnored(string option)
    {
        var (code, _, error) = CliRunner.Run("edit", "--model", Model, "--method", "ROME", "--hparams", "x.yaml", "--requests", "requests.json", option, "Paris",
            "--out", Path.Combine(Path.GetTempPath(), "amend-never"));

        Assert.Equal(2, code);
        Assert.Contains($"give either --requests or --prompt/--subject/--target/--ground-truth, not both ({option} was given with --requests)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyRequestsFile_IsAnError()
    {
        string file = Path.Combine(Path.GetTempPath(), $"amend-empty-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, "[]");
        try
        {
            var (code, _, error) = CliRunner.Run("edit", "--model", Model, "--method", "ROME", "--hparams", "x.yaml", "--requests", file, "--out", Path.Combine(Path.GetTempPath(), "amend-never"));

            Assert.Equal(2, code);
            Assert.Contains("no requests in the file", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Rome_WithGoldenTemplates_WritesEditedModelAndJournal()
    {
        // Given EasyEdit's ROME golden set-up (hparams and the context templates it sampled)
        string golden = SharedFixtures.Path("golden", "easyedit", "ROME");
        string output = Path.Combine(Path.GetTempPath(), $"amend-edit-{Guid.NewGuid():N}");
        try
        {
            // When
            var (code, stdout, error) = RomeEdit(golden, output);

            // Then: one ROME edit of layer 1's projection is journaled, and the saved weights differ only there
            Assert.True(code == 0, error);
            Assert.Contains("before:", stdout, StringComparison.Ordinal);
            Assert.Contains("v* optimisation", error, StringComparison.Ordinal);
            var entry = Assert.Single(EditJournal.Load(output).Entries);
            Assert.Equal("ROME", entry.Method);
            Assert.Equal("transformer.h.1.mlp.c_proj.weight", Assert.Single(entry.Parameters).Name);
            Assert.Contains("seconds_v_optimisation", entry.Diagnostics.Keys);
            var original = PretrainedModel.Load(Model).Model;
            var edited = PretrainedModel.Load(output).Model;
            Assert.True(File.Exists(Path.Combine(output, "tokenizer.json")) || File.Exists(Path.Combine(output, "vocab.json")));
            foreach (var p in original.Parameters)
            {
                bool same = p.Value.ToArray().AsSpan().SequenceEqual(edited.Parameter(p.Name).Value.ToArray());
                Assert.True(same == (p.Name != entry.Parameters[0].Name), p.Name);
            }
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void Json_ReportsContinuationsAndTheNewJournalEntry()
    {
        // Given EasyEdit's ROME golden set-up
        string golden = SharedFixtures.Path("golden", "easyedit", "ROME");
        string output = Path.Combine(Path.GetTempPath(), $"amend-edit-{Guid.NewGuid():N}");
        try
        {
            // When the edit reports as JSON
            var (code, stdout, error) = RomeEdit(golden, output, "--json");

            // Then stdout is one JSON document matching the saved journal
            Assert.True(code == 0, error);
            var report = System.Text.Json.Nodes.JsonNode.Parse(stdout)!;
            var entry = Assert.Single(EditJournal.Load(output).Entries);
            Assert.Equal(Path.GetFullPath(output), (string?)report["out"]);
            var request = Assert.Single(report["requests"]!.AsArray())!;
            Assert.Equal("The Space Needle is in", (string?)request["prompt"]);
            Assert.Equal("Goa", (string?)request["target_new"]);
            Assert.False(string.IsNullOrEmpty((string?)request["after"]));
            var edit = Assert.Single(report["edits"]!.AsArray())!;
            Assert.Equal("ROME", (string?)edit["method"]);
            Assert.Equal(entry.Parameters[0].Name, (string?)edit["parameters"]![0]!["name"]);
            Assert.Equal(entry.Parameters[0].DeltaNorm, (double)edit["parameters"]![0]!["delta_norm"]!);
            Assert.Equal(entry.Diagnostics.Count, edit["diagnostics"]!.AsObject().Count);
            Assert.Equal(1, (int)report["journal_edits"]!);
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    // "The Space Needle is in" -> Goa with EasyEdit's ROME golden hparams and the context templates it sampled.
    [Fact]
    public void APromptLongerThanTheModelHolds_NamesTheOptions()
    {
        string golden = SharedFixtures.Path("golden", "easyedit", "ROME");
        string prompt = "The Space Needle is in" + string.Concat(Enumerable.Repeat(" very", 1100));

        var (code, _, error) = CliRunner.Run("edit", "--model", Model, "--tokenizer", Tokenizer, "--method", "rome", "--hparams", Path.Combine(golden, "hparams.yaml"),
            "--prompt", prompt, "--subject", "Space Needle", "--target", "Goa", "--out", Path.Combine(Path.GetTempPath(), "amend-never"));

        Assert.Equal(2, code);
        Assert.Contains("amend edit: --prompt and --target: ", error, StringComparison.Ordinal);
        Assert.Contains("positions this gpt2 model supports; shorten them", error, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Error) RomeEdit(string golden, string output, params string[] extra) =>
        CliRunner.Run(["edit", "--model", Model, "--tokenizer", Tokenizer, "--method", "rome",
            "--hparams", Path.Combine(golden, "hparams.yaml"), "--context-templates", Path.Combine(golden, "context_templates.json"),
            "--prompt", "The Space Needle is in", "--subject", "Space Needle", "--target", "Goa", "--out", output, .. extra]);
}
