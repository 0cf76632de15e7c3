using Amend.Models.Checkpoints;
using Amend.Models.HuggingFace;
using Amend.Models.Inference;
using Amend.Models.Tests.Checkpoints;

namespace Amend.Models.Tests.Architectures;

/// <summary>
/// Checkpoints of the base model alone store its tensors without transformers' base_model_prefix, as
/// openai-community/gpt2 stores "wte.weight" for "transformer.wte.weight"; transformers loads them, and so must Amend.
/// </summary>
public sealed class BaseModelCheckpointTests
{
    [Theory]
    [InlineData("gpt2", "transformer")]
    [InlineData("gptj", "transformer")]
    [InlineData("gpt_neox", "gpt_neox")]
    [InlineData("llama", "model")]
    public void ACheckpointWithoutTheBaseModelPrefix_LoadsTheSameModel_UnderThePrefixedNames(string golden, string prefix)
    {
        // Given the golden checkpoint rewritten with every name under the prefix stored without it
        string source = SharedFixtures.Path("golden", golden);
        using var folder = new TempFolder();
        var names = Rewrite(source, folder, tensors => tensors.ToDictionary(t => t.Key.StartsWith(prefix + ".", StringComparison.Ordinal) ? t.Key[(prefix.Length + 1)..] : t.Key, t => t.Value));

        // When both are loaded
        var originalWarnings = new List<string>();
        var warnings = new List<string>();
        var original = ModelFolder.Load(source, originalWarnings);
        var stripped = ModelFolder.Load(folder.Path, warnings);

        // Then the weights, their names and the logits are the same, and no tensor went unused
        Assert.DoesNotContain(names, name => name.StartsWith(prefix + ".", StringComparison.Ordinal));
        Assert.Equal(original.Parameters.Select(p => p.Name), stripped.Parameters.Select(p => p.Name));
        Assert.Equal(originalWarnings.Count, warnings.Count);
        int[] ids = [3, 17, 42, 5];
        Assert.Equal(original.Logits(TokenBatch.Single(ids)).ToArray(), stripped.Logits(TokenBatch.Single(ids)).ToArray());
    }

    [Fact]
    public void LlamasStoredRotaryFrequencies_AreNotReportedUnused()
    {
        // Given the golden LLaMA with the inv_freq buffers older conversions carry in every layer
        string source = SharedFixtures.Path("golden", "llama");
        using var folder = new TempFolder();
        var original = ModelFolder.Load(source);
        Rewrite(source, folder, tensors =>
        {
            for (int layer = 0; layer < original.Architecture.NumLayers; layer++) tensors[$"model.layers.{layer}.self_attn.rotary_emb.inv_freq"] = Tensor.Ones(4);
            return tensors;
        });

        // When it loads, Then it warns of nothing the original does not
        var originalWarnings = new List<string>();
        var warnings = new List<string>();
        ModelFolder.Load(source, originalWarnings);
        ModelFolder.Load(folder.Path, warnings);
        Assert.Equal(originalWarnings, warnings.Select(w => w.Replace(folder.Path, source, StringComparison.Ordinal)));
    }

    [Fact]
    public void AWeightMissingFromABaseModelCheckpoint_IsNamedByTheModel_AndAsLookedUp()
    {
        // Given GPT-2 saved without its prefix and without the final norm's weight
        using var folder = new TempFolder();
        Rewrite(SharedFixtures.Path("golden", "gpt2"), folder, tensors =>
            tensors.Where(t => t.Key != "transformer.ln_f.weight").ToDictionary(t => t.Key["transformer.".Length..], t => t.Value));

        // When it loads, Then the error names the model's weight and the name it was looked up as
        var error = Assert.Throws<WeightMismatchException>(() => ModelFolder.Load(folder.Path));
        Assert.Contains("weight 'transformer.ln_f.weight' (expected shape", error.Message, StringComparison.Ordinal);
        Assert.Contains("(looked up as 'ln_f.weight': no tensor in it is under 'transformer.'", error.Message, StringComparison.Ordinal);
    }

    // Writes the golden folder's config and its tensors as <paramref name="change"/> makes them into <paramref name="folder"/>; returns the names written.
    private static IReadOnlyCollection<string> Rewrite(string source, TempFolder folder, Func<Dictionary<string, Tensor>, Dictionary<string, Tensor>> change)
    {
        File.Copy(Path.Combine(source, "config.json"), folder.File("config.json"));
        var tensors = new Dictionary<string, Tensor>();
        using (var reader = SafetensorsReader.Open(Path.Combine(source, "model.safetensors")))
        {
            foreach (var info in reader.Header.Tensors) tensors[info.Name] = reader.Load(info.Name);
        }

        var changed = change(tensors);
        SafetensorsWriter.WriteFile(folder.File("model.safetensors"), changed);
        return changed.Keys;
    }
}
