using Amend.Models.Architectures;
using Amend.Models.HuggingFace;
using Amend.Models.Inference;

namespace Amend.Models.Tests.HuggingFace;

public sealed class ModelSaverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("amend-save-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("gpt2")]
    [InlineData("llama-bf16")]
    [InlineData("qwen2")]
    public void SavedFolder_ReloadsWithIdenticalLogitsNamesAndDtypes(string folder)
    {
        // Given a loaded model
        string source = SharedFixtures.Path("golden", folder);
        var model = ModelFolder.Load(source);
        var ids = TokenBatch.Single(5, 17, 301, 42);

        // When it is saved and loaded again
        string saved = Path.Combine(_root, folder);
        ModelSaver.Save(model, saved, source);
        var reloaded = ModelFolder.Load(saved);

        // Then
        Assert.Equal(model.Logits(ids).ToArray(), reloaded.Logits(ids).ToArray());
        Assert.Equal(model.Parameters.Select(p => (p.Name, p.Value.DType)), reloaded.Parameters.Select(p => (p.Name, p.Value.DType)));
        Assert.True(File.Exists(Path.Combine(saved, "generation_config.json")));
        Assert.Empty(Directory.GetDirectories(_root, ".*"));
    }

    [Fact]
    public void ImportedLlama2c_SavesAsAFolderTransformersCanRead()
    {
        var (model, config) = Llama2cModel.Load(SharedFixtures.Path("models", "stories260K", "stories260K.bin"));
        var ids = TokenBatch.Single(1, 400, 33);

        string saved = Path.Combine(_root, "stories");
        ModelSaver.Save(model, saved, configJson: config.ToConfigJson());
        var reloaded = ModelFolder.Load(saved);

        Assert.Equal(model.Logits(ids).ToArray(), reloaded.Logits(ids).ToArray());
    }

    [Fact]
    public void ImportedLlama2c_KeepsItsTokenizer_ThroughTwoSaves()
    {
        // Given stories260K.bin loaded with the tok512.bin beside it
        var loaded = PretrainedModel.Load(SharedFixtures.Path("models", "stories260K", "stories260K.bin"));
        string first = Path.Combine(_root, "first"), second = Path.Combine(_root, "second");

        // When it is saved as a folder, and that folder is loaded and saved again
        ModelSaver.Save(loaded.Model, first, configJson: loaded.ConfigJson, tokenizerSource: loaded.TokenizerSource);
        var reloaded = PretrainedModel.Load(first);
        ModelSaver.Save(reloaded.Model, second, first, tokenizerSource: reloaded.TokenizerSource);
        var again = PretrainedModel.Load(second);

        // Then both folders come with the tokenizer, which encodes as the original does
        Assert.EndsWith("tok512.bin", loaded.TokenizerSource, StringComparison.Ordinal);
        foreach (var copy in new[] { reloaded, again })
        {
            Assert.NotNull(copy.Tokenizer);
            Assert.Equal(loaded.Tokenizer!.Encode("Once upon a time, Lily"), copy.Tokenizer.Encode("Once upon a time, Lily"));
        }
    }

    [Fact]
    public void ExistingDestination_IsRefusedUnlessOverwriting()
    {
        string source = SharedFixtures.Path("golden", "gpt2");
        var model = ModelFolder.Load(source);
        string saved = Path.Combine(_root, "exists");
        Directory.CreateDirectory(saved);
        File.WriteAllText(Path.Combine(saved, "config.json"), "{}");
        File.WriteAllText(Path.Combine(saved, "marker"), "old");

        Assert.Throws<IOException>(() => ModelSaver.Save(model, saved, source));
        Assert.True(File.Exists(Path.Combine(saved, "marker")));

        ModelSaver.Save(model, saved, source, overwrite: true);
        Assert.False(File.Exists(Path.Combine(saved, "marker")));
        Assert.True(File.Exists(Path.Combine(saved, "model.safetensors")));
    }

    [Fact]
    public void ADestinationWithATrailingSeparator_IsTheFolderItself()
    {
        // Given a golden model and "--out dir/" as a shell completes it
        string source = SharedFixtures.Path("golden", "gpt2");
        var model = ModelFolder.Load(source);
        string saved = Path.Combine(_root, "slash") + Path.DirectorySeparatorChar;

        // When it is saved, and saved again over itself with overwrite
        ModelSaver.Save(model, saved, source);
        ModelSaver.Save(model, saved, source, overwrite: true);

        // Then the model is in that folder, and nothing else was left beside or inside it
        Assert.True(File.Exists(Path.Combine(_root, "slash", "model.safetensors")));
        Assert.Equal(["slash"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(Path.Combine(_root, "slash")), e => Path.GetFileName(e).StartsWith('.'));
    }

    [Fact]
    public void Overwriting_TheSourceFolderItself_IsRefused_KeepingItsOtherFiles()
    {
        // Given a copy of a model folder with a card beside its weights
        string source = Path.Combine(_root, "model");
        Directory.CreateDirectory(source);
        foreach (string file in Directory.GetFiles(SharedFixtures.Path("golden", "gpt2"))) File.Copy(file, Path.Combine(source, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(source, "MODEL_CARD.md"), "keep me");
        var model = ModelFolder.Load(source);

        // When it is saved over itself
        var error = Assert.Throws<IOException>(() => ModelSaver.Save(model, source + Path.DirectorySeparatorChar, source, overwrite: true));

        // Then
        Assert.Contains("is the folder the model was loaded from", error.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(source, "MODEL_CARD.md")));
    }

    [Fact]
    public void Overwriting_RefusesAFolderThatIsNotAModel_OrThatHoldsTheSource()
    {
        string source = SharedFixtures.Path("golden", "gpt2");
        var model = ModelFolder.Load(source);
        string notes = Path.Combine(_root, "notes");
        Directory.CreateDirectory(notes);
        File.WriteAllText(Path.Combine(notes, "todo.txt"), "keep me");

        var notAModel = Assert.Throws<IOException>(() => ModelSaver.Save(model, notes, source, overwrite: true));
        string outer = Path.Combine(_root, "outer"), inner = Path.Combine(outer, "model");
        Directory.CreateDirectory(inner);
        foreach (string file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(inner, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(outer, "config.json"), "{}");
        var holdsSource = Assert.Throws<IOException>(() => ModelSaver.Save(model, outer, inner, overwrite: true));
        var root = Assert.Throws<ArgumentException>(() => ModelSaver.Save(model, "/", source, overwrite: true));

        Assert.Contains("not a model folder", notAModel.Message);
        Assert.Contains("holds the model being saved", holdsSource.Message);
        Assert.Contains("root folder", root.Message);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(notes, "todo.txt")));
        Assert.True(File.Exists(Path.Combine(inner, "config.json")));
    }

    [Fact]
    public void ADestinationCreatedWhileSaving_IsNotReplaced_WithoutOverwrite()
    {
        // Given another process creating the destination while the weights are written (here: in writeExtras)
        string source = SharedFixtures.Path("golden", "gpt2");
        var model = ModelFolder.Load(source);
        string saved = Path.Combine(_root, "raced");
        void Race(string staging)
        {
            Directory.CreateDirectory(saved);
            File.WriteAllText(Path.Combine(saved, "config.json"), "{\"theirs\": true}");
        }

        // When
        var e = Assert.Throws<IOException>(() => ModelSaver.Save(model, saved, source, writeExtras: Race));

        // Then their folder is intact and no staging folder is left
        Assert.Contains("appeared while the model was being written", e.Message, StringComparison.Ordinal);
        Assert.Equal("{\"theirs\": true}", File.ReadAllText(Path.Combine(saved, "config.json")));
        Assert.Equal([saved], Directory.GetFileSystemEntries(_root).Where(p => p.Contains("raced", StringComparison.Ordinal)).ToArray());
    }

    [Fact]
    public void ANonModelFolderCreatedWhileSaving_IsNotReplaced_EvenWithOverwrite()
    {
        string source = SharedFixtures.Path("golden", "gpt2");
        var model = ModelFolder.Load(source);
        string saved = Path.Combine(_root, "raced-notes");
        void Race(string staging)
        {
            Directory.CreateDirectory(saved);
            File.WriteAllText(Path.Combine(saved, "todo.txt"), "keep me");
        }

        var e = Assert.Throws<IOException>(() => ModelSaver.Save(model, saved, source, overwrite: true, writeExtras: Race));

        Assert.Contains("not a model folder", e.Message, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(saved, "todo.txt")));
    }

    [Fact]
    public void MissingConfig_IsAnError_AndNothingIsWritten()
    {
        var (model, _) = Llama2cModel.Load(SharedFixtures.Path("models", "stories260K", "stories260K.bin"));
        string saved = Path.Combine(_root, "noconfig");

        Assert.Throws<ArgumentException>(() => ModelSaver.Save(model, saved));

        Assert.False(Directory.Exists(saved));
    }

    [Fact]
    public void Leftovers_AreTheStaleStagingAndOldFoldersOfThatName_Only()
    {
        // Given beside "out": a stale staging folder, a stale replaced copy, a fresh staging folder (a save in
        // progress elsewhere), and another model's stale staging folder
        string Stale(string name)
        {
            string path = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
            Directory.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-3));
            return path;
        }

        string staging = Stale(".out.0123abcd.tmp"), old = Stale("out.4567ef01.old");
        Stale(".other.89ab.tmp");
        Directory.CreateDirectory(Path.Combine(_root, ".out.fresh.tmp"));

        var found = ModelSaver.Leftovers(Path.Combine(_root, "out"), TimeSpan.FromHours(1));

        Assert.Equal([staging, old], found);
    }

    [Fact]
    public void Leftovers_OfADestinationInAMissingFolder_AreNone() =>
        Assert.Empty(ModelSaver.Leftovers(Path.Combine(_root, "no-such", "out"), TimeSpan.Zero));
}
