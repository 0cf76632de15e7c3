using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Kne;
using Amend.Editing.Requests;
using Amend.Models.Inference;

namespace Amend.Editing.Tests.Methods.Kne;

public sealed class KneEditorTests
{
    [Fact]
    public void Apply_RaisesTheTargetsProbabilityAndChangesOnlyEnsemblePositions()
    {
        // Given: the ensemble the editor will localise, computed independently with the same settings
        var model = GoldenGpt2.Load();
        var settings = KneSettings.Golden();
        var original = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value.ToArray());
        var expected = KnowledgeEnsemble.Select(new KneAttribution(model, settings).Scores([KneSettings.Request]), settings.P);
        double before = new KneAttribution(model, settings).Probability([KneSettings.Request]);

        // When
        var result = new KneEditor(settings).Apply(model, KneSettings.Request);

        // Then: the loss fell, P(target) rose, and each layer changed exactly where its ensemble allows
        Assert.True(result.Diagnostics["final_loss"] < result.Diagnostics["initial_loss"], $"loss {result.Diagnostics["initial_loss"]} → {result.Diagnostics["final_loss"]}");
        Assert.True(new KneAttribution(model, settings).Probability([KneSettings.Request]) > before);
        Assert.Equal(expected.Count, result.Diagnostics["ensemble_size"]);
        foreach (var layer in expected.Layers)
        {
            float[] now = model.Model.Parameter(layer.Weight).Value.ToArray();
            var changed = Enumerable.Range(0, now.Length).Where(i => now[i] != original[layer.Weight][i]).ToHashSet();
            Assert.Subset(layer.Positions.ToHashSet(), changed);
            Assert.True(changed.Count > layer.Positions.Length / 2, $"{layer.Weight}: {changed.Count} of {layer.Positions.Length} ensemble positions changed");
        }

        var edited = expected.Layers.Select(l => l.Weight).ToHashSet();
        Assert.All(model.Model.Parameters.Where(p => !edited.Contains(p.Name)), p => Assert.Equal(original[p.Name], p.Value.ToArray()));
    }

    [Fact]
    public void Undo_RestoresEveryWeightExactly()
    {
        // Given
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);
        var result = new KneEditor(KneSettings.Golden()).ApplyBatch(model, KneSettings.Requests);
        Assert.Equal(3, result.Deltas.Count);

        // When
        result.Undo(model.Model);

        // Then
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    [Fact]
    public void Apply_SharedLocalization_IsComputedOnceThenReadFromTheCache()
    {
        // Given: an edit set on disk, localised from its first two requests into a fresh cache folder
        string folder = Directory.CreateTempSubdirectory("amend-kne-test-").FullName;
        try
        {
            string data = Path.Combine(folder, "edits.json");
            File.WriteAllText(data, EditRequestJson.ToJson(KneSettings.Requests));
            var settings = KneSettings.Golden() with { LocalizationData = data, LocalizationSamples = 2, LocalizationCache = Path.Combine(folder, "cache") };
            var model = GoldenGpt2.Load();

            // When: one editor edits twice (memo), a second editor edits again (disk), then once more on the model its
            // edit changed, as in a sequential run (memo: the ensemble stays that of the unedited model)
            var editor = new KneEditor(settings);
            var first = editor.Apply(model, KneSettings.Requests[2]);
            first.Undo(model.Model);
            var second = editor.Apply(model, KneSettings.Requests[2]);
            second.Undo(model.Model);
            var sequential = new KneEditor(settings);
            var third = sequential.Apply(model, KneSettings.Requests[2]);
            var fourth = sequential.Apply(model, KneSettings.Requests[1]);

            // Then: the same ensemble, hence the same deltas, each time, computed once
            Assert.Equal([0.0, 1.0, 1.0, 1.0], new[] { first, second, third, fourth }.Select(r => r.Diagnostics["ensemble_cached"]));
            Assert.Single(Directory.GetFiles(settings.LocalizationCache!));
            Assert.All(third.Deltas.Zip(first.Deltas), pair => Assert.Equal(pair.Second.Delta.ToArray(), pair.First.Delta.ToArray()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Apply_BadHyperparametersOrRequest_FailsNamingTheFieldAndLeavesTheModel()
    {
        // Given
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);
        var bad = KneSettings.Golden() with { P = 0, IgSteps = 0, Layers = [5], RewriteModuleTmp = "transformer.h.{}.attn" };

        // When
        var error = Assert.Throws<HyperparameterException>(() => new KneEditor(bad).Apply(model, KneSettings.Request));
        var empty = Assert.Throws<EditRequestException>(() => new KneEditor(KneSettings.Golden()).Apply(model, KneSettings.Request with { TargetNew = "" }));
        var inBatch = Assert.Throws<EditRequestException>(() => new KneEditor(KneSettings.Golden()).ApplyBatch(model, [KneSettings.Request, KneSettings.Request with { TargetNew = "" }]));

        // Then
        foreach (string key in new[] { "p:", "ig_steps:", "layers: 5", "rewrite_module_tmp:" }) Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Equal("target_new", empty.Field);
        Assert.Equal("target_new", inBatch.Field);
        Assert.StartsWith("request 1 of 2: ", inBatch.Message, StringComparison.Ordinal);
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    [Fact]
    public void Create_FromRegistry_BindsTheYamlKeys()
    {
        // Given
        string path = Path.Combine(Path.GetTempPath(), $"kne-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, """
            alg_name: KNE
            rewrite_module_tmp: model.layers.{}.mlp.down_proj
            layers: [1, 2]
            ig_steps: 8
            ig_scaling: per_layer
            p: 0.02
            alpha: 16
            lr: 5e-3
            num_steps: 30
            weight_decay: 0.1
            early_stop_loss: 0.3
            localization_data: null
            localization_samples: 100
            localization_batch_size: 4
            localization_cache: /tmp/kne-cache
            model_name: llama
            """);
        var warnings = new List<string>();

        // When
        var editor = (KneEditor)EditorRegistry.Create("kne", path, warnings);
        File.Delete(path);

        // Then
        Assert.Empty(warnings);
        Assert.Equal(
            KneSettings.Golden() with
            {
                RewriteModuleTmp = "model.layers.{}.mlp.down_proj",
                Layers = editor.Settings.Layers,
                IgSteps = 8,
                IgScaling = KneScaling.PerLayer,
                P = 0.02,
                Alpha = 16,
                LearningRate = 5e-3,
                NumSteps = 30,
                WeightDecay = 0.1,
                EarlyStopLoss = 0.3,
                LocalizationSamples = 100,
                LocalizationBatchSize = 4,
                LocalizationCache = "/tmp/kne-cache",
            },
            editor.Settings);
        Assert.Equal([1, 2], editor.Settings.Layers!);
    }

    [Fact]
    public void Parse_OnlyTheModule_TakesTheDocumentedDefaults()
    {
        // When
        var settings = HyperparameterFile.Parse<KneHyperparameters>("rewrite_module_tmp: transformer.h.{}.mlp.c_proj", "inline");

        // Then
        Assert.Equal((20, KneScaling.Together, 0.01, 1.0, 1e-2, 40, 0.0, 0.01), (settings.IgSteps, settings.IgScaling, settings.P, settings.Alpha, settings.LearningRate, settings.NumSteps, settings.WeightDecay, settings.EarlyStopLoss));
        Assert.Null(settings.Layers);
        Assert.Null(settings.LocalizationData);
        Assert.Contains("rewrite_module_tmp", Assert.Throws<HyperparameterException>(() => HyperparameterFile.Parse<KneHyperparameters>("p: 0.1", "inline")).Message, StringComparison.Ordinal);
        Assert.Contains("ig_scaling", Assert.Throws<HyperparameterException>(() => HyperparameterFile.Parse<KneHyperparameters>("rewrite_module_tmp: x.{}\nig_scaling: sideways", "inline")).Message, StringComparison.Ordinal);
    }
}
