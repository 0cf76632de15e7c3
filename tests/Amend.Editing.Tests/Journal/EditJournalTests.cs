using Amend.Editing.Journal;
using Amend.Models.HuggingFace;

namespace Amend.Editing.Tests.Journal;

public sealed class EditJournalTests : IDisposable
{
    private const string Weight = "transformer.h.1.mlp.c_proj.weight";
    private readonly string _dir = Directory.CreateTempSubdirectory("amend-journal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static EditRequest Request(string target) => new() { Prompt = "The {} is in", Subject = "Space Needle", TargetNew = target };

    private static EditResult Edit(EditableModel m, float value, string target) =>
        WeightUpdate.Commit(m.Model, "TEST", new TestHyperparameters { Scale = value }, [Request(target)],
            [new ParameterDelta(Weight, Tensor.Randn(m.Model.Parameter(Weight).Shape, new Random((int)value), value))]);

    private string SaveWithJournal(EditableModel m, EditJournal journal, string name)
    {
        string folder = Path.Combine(_dir, name);
        ModelSaver.Save(m.Model, folder, SharedFixtures.Path("golden", "gpt2"), writeExtras: journal.WriteTo);
        return folder;
    }

    // A saved model with one edit per target, whose journal.json has `from` replaced by `to`; the folder and that file.
    // A model folder saved with one edit per target, scaled 1, 2, 3, ….
    private string SavedEdits(string[] targets, string name = "edited")
    {
        var m = GoldenGpt2.Load();
        var journal = EditJournal.Empty();
        for (int i = 0; i < targets.Length; i++) journal.Record(Edit(m, i + 1, targets[i]));
        return SaveWithJournal(m, journal, name);
    }

    private (string Folder, string Journal) SavedJournalWith(string[] targets, string from, string to)
    {
        string folder = SavedEdits(targets);
        string path = Path.Combine(folder, "edits", "journal.json");
        string text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
        return (folder, path);
    }

    [Fact]
    public void AFileWhereTheJournalFolderBelongs_IsAnError_NotAnEmptyJournal()
    {
        File.WriteAllText(Path.Combine(_dir, "edits"), "");

        var error = Assert.Throws<JournalException>(() => EditJournal.Load(_dir));

        Assert.Contains("is a file where the edit journal's folder belongs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AJournalThatIsAList_SaysSo()
    {
        string folder = SavedEdits(["Goa"]), path = Path.Combine(folder, "edits", "journal.json");
        File.WriteAllText(path, "[1, 2]");

        var error = Assert.Throws<JournalException>(() => EditJournal.Load(folder));

        Assert.Equal($"{path} is not an Amend edit journal (its top level is array, not an object)", error.Message);
    }

    [Fact]
    public void EditTensorsWithoutAJournal_AreAnError_NotAnUneditedModel()
    {
        // Given an edited model whose journal.json was deleted, and one where it is a folder
        string deleted = SavedEdits(["Goa"], "deleted"), folder = SavedEdits(["Goa"], "folder");
        File.Delete(Path.Combine(deleted, "edits", "journal.json"));
        File.Delete(Path.Combine(folder, "edits", "journal.json"));
        Directory.CreateDirectory(Path.Combine(folder, "edits", "journal.json"));

        // When
        var lost = Assert.Throws<JournalException>(() => EditJournal.Load(deleted));
        var misplaced = Assert.Throws<JournalException>(() => EditJournal.Load(folder));

        // Then
        Assert.Contains($"{Path.Combine(deleted, "edits")} holds edit tensors (0001.safetensors) but no journal.json", lost.Message, StringComparison.Ordinal);
        Assert.Contains("journal.json is a folder where the edit journal belongs", misplaced.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AJournalEntryThatListsFewerWeightsThanItsFile_IsRefused_NotUndoneInPart()
    {
        // Given two edits, the second's journal entry emptied of its parameters
        string folder = SavedEdits(["Goa", "Rome"]);
        string path = Path.Combine(folder, "edits", "journal.json");
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        root["entries"]![1]!["parameters"] = new System.Text.Json.Nodes.JsonArray();
        File.WriteAllText(path, root.ToJsonString());
        var edited = EditableModel.From(PretrainedModel.Load(folder, SharedFixtures.Path("models", "fake-gpt2-tiny-random")));

        // When the last edit is undone
        var loaded = EditJournal.Load(folder);
        var error = Assert.Throws<JournalException>(() => loaded.Undo(edited.Model, 1));

        // Then it names the unlisted tensor
        Assert.StartsWith($"edit 2 (TEST): {Path.Combine(folder, "edits", "0002.safetensors")} holds ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"/{Weight}, which the journal's parameters do not list", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SavedJournal_ListsEditsWithRequestsAndHyperparameters()
    {
        var m = GoldenGpt2.Load();
        var journal = EditJournal.Empty();
        journal.Record(Edit(m, 1f, "Goa"));
        journal.Record(Edit(m, 2f, "Rome"));

        var loaded = EditJournal.Load(SaveWithJournal(m, journal, "edited"));

        Assert.Equal(2, loaded.Entries.Count);
        Assert.Equal("Rome", (string?)loaded.Entries[1].Requests[0]!["target_new"]);
        Assert.Equal(2.0, (double)loaded.Entries[1].Hyperparameters["scale"]!);
        Assert.Equal(Weight, Assert.Single(loaded.Entries[0].Parameters).Name);
        Assert.True(loaded.Entries[0].Parameters[0].DeltaNorm > 0);
    }

    [Fact]
    public void Undo_FromDisk_RestoresOriginalBitForBit()
    {
        var m = GoldenGpt2.Load();
        float[] original = m.Model.Parameter(Weight).Value.ToArray();
        var journal = EditJournal.Empty();
        journal.Record(Edit(m, 1f, "Goa"));
        journal.Record(Edit(m, 2f, "Rome"));
        string folder = SaveWithJournal(m, journal, "edited");

        var reloaded = EditableModel.From(PretrainedModel.Load(folder, SharedFixtures.Path("models", "fake-gpt2-tiny-random")));
        var remaining = EditJournal.Load(folder).Undo(reloaded.Model, 2);

        Assert.Empty(remaining.Entries);
        Assert.Equal(original, reloaded.Model.Parameter(Weight).Value.ToArray());
    }

    [Fact]
    public void Undo_OneOfTwo_LeavesTheFirstEdit()
    {
        var m = GoldenGpt2.Load();
        var journal = EditJournal.Empty();
        journal.Record(Edit(m, 1f, "Goa"));
        float[] afterFirst = m.Model.Parameter(Weight).Value.ToArray();
        journal.Record(Edit(m, 2f, "Rome"));

        var remaining = journal.Undo(m.Model, 1);

        Assert.Single(remaining.Entries);
        Assert.Equal(afterFirst, m.Model.Parameter(Weight).Value.ToArray());

        // The edit kept, never written, is still saved with the model and can be undone from disk
        string folder = SaveWithJournal(m, remaining, "after-undo");
        var reloaded = EditableModel.From(PretrainedModel.Load(folder, SharedFixtures.Path("models", "fake-gpt2-tiny-random")));
        EditJournal.Load(folder).Undo(reloaded.Model, 1);
        Assert.Equal(GoldenGpt2.Load().Model.Parameter(Weight).Value.ToArray(), reloaded.Model.Parameter(Weight).Value.ToArray());
    }

    [Fact]
    public void Replay_OnOriginal_ReproducesEditedWeightsExactly()
    {
        var m = GoldenGpt2.Load();
        var journal = EditJournal.Empty();
        journal.Record(Edit(m, 1f, "Goa"));
        journal.Record(Edit(m, 2f, "Rome"));
        float[] edited = m.Model.Parameter(Weight).Value.ToArray();
        string folder = SaveWithJournal(m, journal, "edited");

        var fresh = GoldenGpt2.Load();
        EditJournal.Load(folder).Replay(fresh.Model);

        Assert.Equal(edited, fresh.Model.Parameter(Weight).Value.ToArray());
    }

    [Fact]
    public void Replay_OnAnotherModel_IsRefusedAndChangesNothing()
    {
        var m = GoldenGpt2.Load();
        var journal = EditJournal.Empty();
        journal.Record(Edit(m, 1f, "Goa"));

        var value = m.Model.Parameter(Weight).Value;
        var error = Assert.Throws<JournalException>(() => journal.Replay(m.Model));

        Assert.Contains(Weight, error.Message, StringComparison.Ordinal);
        Assert.Same(value, m.Model.Parameter(Weight).Value);
    }

    [Fact]
    public void Undo_AfterOutsideChange_IsRefused()
    {
        var m = GoldenGpt2.Load();
        var journal = EditJournal.Empty();
        journal.Record(Edit(m, 1f, "Goa"));
        m.Model.Parameter(Weight).Value = Tensor.Zeros(m.Model.Parameter(Weight).Shape);

        Assert.Throws<JournalException>(() => journal.Undo(m.Model, 1));
    }

    [Fact]
    public void Replay_OnAModelOfAnotherArchitecture_NamesTheMissingWeight()
    {
        var m = GoldenGpt2.Load();
        var journal = EditJournal.Empty();
        journal.Record(Edit(m, 1f, "Goa"));
        var llama = ModelFolder.Load(SharedFixtures.Path("golden", "llama"));

        var error = Assert.Throws<JournalException>(() => journal.Replay(llama));

        Assert.Contains($"changes {Weight}, which this llama model does not have", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../elsewhere/model.safetensors")]
    [InlineData("/etc/passwd")]
    public void Load_AFileOutsideTheEditsFolder_IsRefused(string file)
    {
        var m = GoldenGpt2.Load();
        var journal = EditJournal.Empty();
        journal.Record(Edit(m, 1f, "Goa"));
        string folder = SaveWithJournal(m, journal, "edited");
        string path = Path.Combine(folder, "edits", "journal.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"0001.safetensors\"", System.Text.Json.JsonSerializer.Serialize(file), StringComparison.Ordinal));

        var error = Assert.Throws<JournalException>(() => EditJournal.Load(folder));

        Assert.Contains("is not a file name inside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingTensorFile_NamesIt()
    {
        var m = GoldenGpt2.Load();
        var journal = EditJournal.Empty();
        journal.Record(Edit(m, 1f, "Goa"));
        string folder = SaveWithJournal(m, journal, "edited");
        File.Delete(Path.Combine(folder, "edits", "0001.safetensors"));

        var error = Assert.Throws<JournalException>(() => EditJournal.Load(folder));
        Assert.Contains("0001.safetensors", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"version\": 1", "\"version\": 99", "is version 99 of the journal format; this Amend reads version 1")]
    [InlineData("\"method\": \"TEST\",", "", "is malformed: entries[0].method is missing")]
    [InlineData("\"entries\"", "\"edits\"", "is malformed: entries is missing")]
    [InlineData("\"index\": 1", "\"index\": \"1\"", "is malformed: entries[0].index is \"1\", not a whole number")]
    [InlineData("\"method\": \"TEST\"", "\"method\": 7", "is malformed: entries[0].method is 7, not a string")]
    [InlineData("\"requests\": [", "\"requests\": [null, ", "is malformed: entries[0].requests[0] is null, not a request object")]
    [InlineData("\"method\": \"TEST\"", "\"method\": \"TE\\ud800ST\"", "is malformed: entries[0].method holds an unpaired UTF-16 surrogate escape")]
    [InlineData("\"method\": \"TEST\"", "\"method\": \"TEST\", \"method\": \"TEST\"", "is malformed: Duplicate property 'method' encountered during deserialization.")]
    public void Load_AnotherVersionOrAMissingField_NamesIt(string from, string to, string expected)
    {
        var (folder, path) = SavedJournalWith(["Goa"], from, to);

        var error = Assert.Throws<JournalException>(() => EditJournal.Load(folder));

        Assert.Equal($"{path} {expected}", error.Message.Split(" (")[0]);
    }

    [Theory]
    [InlineData("\"index\": 2", "\"index\": 3", "entries[1] is edit 3, but edits must be numbered 1, 2, 3, … in order")]
    [InlineData("\"0002.safetensors\"", "\"0001.safetensors\"", "edit 2 names 0001.safetensors, which an earlier edit names too")]
    public void Load_AGapOrARepeat_IsRefused_SoANewEditCannotOverwriteAnOldOnesTensors(string from, string to, string expected)
    {
        var (folder, path) = SavedJournalWith(["Goa", "Rome"], from, to);

        var error = Assert.Throws<JournalException>(() => EditJournal.Load(folder));

        Assert.Equal($"{path}: {expected}", error.Message);
    }

    [Fact]
    public void Replay_ADeltaOfAnotherShapeInTheTensorFile_IsRefused_NotBroadcast()
    {
        // Given a journal whose tensor file holds one row of the delta where the whole matrix belongs
        var m = GoldenGpt2.Load();
        var journal = EditJournal.Empty();
        journal.Record(Edit(m, 1f, "Goa"));
        string folder = SaveWithJournal(m, journal, "edited");
        string file = Path.Combine(folder, "edits", "0001.safetensors");
        var original = GoldenGpt2.Load();
        var before = original.Model.Parameter(Weight).Value;
        Amend.Models.Checkpoints.SafetensorsWriter.WriteFile(file, new Dictionary<string, Tensor>
        {
            ["delta/" + Weight] = Tensor.Ones(before.Shape[1]),
            ["before/" + Weight] = before,
        });

        // When
        var error = Assert.Throws<JournalException>(() => EditJournal.Load(folder).Replay(original.Model));

        // Then it names the file and both shapes, and the model is unchanged
        Assert.Contains($"{file} holds {Weight} as delta ({before.Shape[1]})", error.Message, StringComparison.Ordinal);
        Assert.Contains($"but the journal records {before.Shape}", error.Message, StringComparison.Ordinal);
        Assert.Same(before, original.Model.Parameter(Weight).Value);
    }
}
