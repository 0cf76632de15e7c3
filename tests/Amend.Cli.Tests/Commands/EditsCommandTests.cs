using Amend.Cli.Commands;
using Amend.Editing;
using Amend.Editing.Journal;
using Amend.Models.HuggingFace;
using Amend.Tensors;

namespace Amend.Cli.Tests.Commands;

public sealed class EditsCommandTests : IDisposable
{
    private const string Weight = "transformer.h.0.mlp.c_proj.weight";
    private readonly string _dir = Directory.CreateTempSubdirectory("amend-edits-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Original => SharedFixtures.Path("golden", "gpt2");

    // An edited copy of the golden GPT-2 whose journal holds one hand-made edit.
    private string EditedModel()
    {
        var loaded = PretrainedModel.Load(Original);
        var shape = loaded.Model.Parameter(Weight).Shape;
        var result = WeightUpdate.Commit(loaded.Model, "TEST", new JournalTestHyperparameters(),
            [new EditRequest { Prompt = "The {} is in", Subject = "Space Needle", TargetNew = "Goa" }],
            [new ParameterDelta(Weight, Tensor.Randn(shape, new Random(3), 0.5f))]);
        var journal = EditJournal.Empty();
        journal.Record(result);
        string folder = Path.Combine(_dir, "edited");
        ModelSaver.Save(loaded.Model, folder, Original, writeExtras: journal.WriteTo);
        return folder;
    }

    [Fact]
    public void List_ShowsMethodRequestAndWeight()
    {
        var (code, output, _) = CliRunner.Run("edits", "list", "--model", EditedModel());
        Assert.Equal(0, code);
        Assert.Contains("1. TEST", output, StringComparison.Ordinal);
        Assert.Contains("The {} is in -> Goa", output, StringComparison.Ordinal);
        Assert.Contains(Weight, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Undo_WritesTheOriginalWeights()
    {
        string restored = Path.Combine(_dir, "restored");
        var (code, _, error) = CliRunner.Run("edits", "undo", "--model", EditedModel(), "--out", restored);
        Assert.True(code == 0, error);
        Assert.Equal(PretrainedModel.Load(Original).Model.Parameter(Weight).Value.ToArray(), PretrainedModel.Load(restored).Model.Parameter(Weight).Value.ToArray());
        Assert.Empty(EditJournal.Load(restored).Entries);
    }

    [Fact]
    public void Replay_OnTheOriginal_ReproducesTheEditedModel()
    {
        string edited = EditedModel();
        string replayed = Path.Combine(_dir, "replayed");
        var (code, _, error) = CliRunner.Run("edits", "replay", "--journal", edited, "--model", Original, "--out", replayed);
        Assert.True(code == 0, error);
        Assert.Equal(PretrainedModel.Load(edited).Model.Parameter(Weight).Value.ToArray(), PretrainedModel.Load(replayed).Model.Parameter(Weight).Value.ToArray());
        Assert.Single(EditJournal.Load(replayed).Entries);
    }

    [Fact]
    public void Replay_OnALlama2cCheckpoint_ReproducesTheEditedModel()
    {
        // Given an edit of the llama2.c stories260K checkpoint, saved as a model folder with its journal
        string checkpoint = SharedFixtures.Path("models", "stories260K", "stories260K.bin");
        const string weight = "model.layers.0.mlp.down_proj.weight";
        var loaded = PretrainedModel.Load(checkpoint);
        var journal = EditJournal.Empty();
        journal.Record(WeightUpdate.Commit(loaded.Model, "TEST", new JournalTestHyperparameters(),
            [new EditRequest { Prompt = "{} went to the park", Subject = "Lily", TargetNew = " Tom" }],
            [new ParameterDelta(weight, Tensor.Randn(loaded.Model.Parameter(weight).Shape, new Random(5), 0.5f))]));
        string edited = Path.Combine(_dir, "edited-260k");
        JournaledSave.Save(loaded, edited, overwrite: false, journal);

        // When its journal is replayed onto the checkpoint file itself
        string replayed = Path.Combine(_dir, "replayed-260k");
        var (code, _, error) = CliRunner.Run("edits", "replay", "--journal", edited, "--model", checkpoint, "--out", replayed);

        // Then the replayed folder has the edited weights, a tokenizer, and the journal
        Assert.True(code == 0, error);
        var again = PretrainedModel.Load(replayed);
        Assert.Equal(PretrainedModel.Load(edited).Model.Parameter(weight).Value.ToArray(), again.Model.Parameter(weight).Value.ToArray());
        Assert.NotNull(again.Tokenizer);
        Assert.Single(EditJournal.Load(replayed).Entries);
    }

    [Fact]
    public void Replay_FromAFolderWithoutAJournal_IsRefused_NotAnEmptyReplay()
    {
        string replayed = Path.Combine(_dir, "replayed");

        var (code, _, error) = CliRunner.Run("edits", "replay", "--journal", Original, "--model", EditedModel(), "--out", replayed);

        Assert.Equal(2, code);
        Assert.Contains("has no edit journal (edits/journal.json): --journal names the edited model's folder", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(replayed));
    }

    [Fact]
    public void Undo_MissingFolder_IsAOneLineError()
    {
        var (code, _, error) = CliRunner.Run("edits", "undo", "--model", Path.Combine(_dir, "nope"), "--out", Path.Combine(_dir, "x"));
        Assert.Equal(2, code);
        Assert.Contains("no model folder at", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Undo_ATooLargeCount_IsRefusedBeforeTheModelLoads()
    {
        string edited = EditedModel();
        File.WriteAllText(Path.Combine(edited, "model.safetensors"), "not a checkpoint: loading it would be the error");

        var (code, _, error) = CliRunner.Run("edits", "undo", "--model", edited, "--count", "2", "--out", Path.Combine(_dir, "x"));

        Assert.Equal(2, code);
        Assert.Contains("can undo 1..1 edits, not 2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Undo_AnUneditedModel_SaysThereIsNoJournal()
    {
        var (code, _, error) = CliRunner.Run("edits", "undo", "--model", Original, "--out", Path.Combine(_dir, "x"));

        Assert.Equal(2, code);
        Assert.Contains("has no edit journal (edits/journal.json): --model names the edited model's folder", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("undo")]
    [InlineData("replay")]
    public void AnExistingOut_IsRefused_AndReplacedWithOverwrite(string verb)
    {
        // Given an earlier model folder where --out points
        string edited = EditedModel();
        string existing = Directory.CreateDirectory(Path.Combine(_dir, "existing")).FullName;
        File.WriteAllText(Path.Combine(existing, "config.json"), "{}");
        File.WriteAllText(Path.Combine(existing, "keep.txt"), "an earlier model's file");
        string[] args = verb == "undo" ? ["edits", "undo", "--model", edited, "--out", existing] : ["edits", "replay", "--journal", edited, "--model", Original, "--out", existing];

        var (refused, _, error) = CliRunner.Run(args);
        Assert.Equal(2, refused);
        Assert.Contains("already exists", error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(existing, "keep.txt")));

        var (replaced, _, replacedError) = CliRunner.Run([.. args, "--overwrite"]);
        Assert.True(replaced == 0, replacedError);
        Assert.False(File.Exists(Path.Combine(existing, "keep.txt")));
        Assert.True(PretrainedModel.Load(existing).Model.Parameters.Any());
    }

    [Fact]
    public void Undo_WarnsOfAStagingFolderAKilledSaveLeftBesideOut()
    {
        // Given the staging folder of a save to the same --out, killed hours ago
        string restored = Path.Combine(_dir, "restored");
        string left = Directory.CreateDirectory(Path.Combine(_dir, ".restored.0123abcd.tmp")).FullName;
        Directory.SetLastWriteTimeUtc(left, DateTime.UtcNow.AddHours(-2));

        var (code, _, error) = CliRunner.Run("edits", "undo", "--model", EditedModel(), "--out", restored);

        Assert.True(code == 0, error);
        Assert.Contains($"warning: {left} is left from a save to {restored} that was killed before it finished", error, StringComparison.Ordinal);
        Assert.True(Directory.Exists(left), "reported, not deleted");
    }
}
