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
}
