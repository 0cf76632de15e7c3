using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Pmet;
using Amend.Editing.Tests.Methods.Memit;
using Amend.Editing.Tests.Methods.Rome;
using Xunit.Abstractions;

namespace Amend.Editing.Tests.Methods.Pmet;

public sealed class PmetEditorTests(ITestOutputHelper output)
{
    [Fact]
    public void Edit_RaisesTheTargetProbability_AndChangesOnlyTheFfnOutputProjections()
    {
        // Given
        var model = GoldenGpt2.Load();
        var request = PmetFixture.Golden.Requests[0];
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);
        double logProbBefore = RomeGolden.TargetLogProb(model, request);

        // When
        var result = new PmetEditor(PmetFixture.Hyperparameters).Apply(model, request, PmetFixture.Options);

        // Then
        double logProbAfter = RomeGolden.TargetLogProb(model, request);
        output.WriteLine($"log P(target) {logProbBefore:F4} → {logProbAfter:F4}; " + string.Join(", ", result.Diagnostics.Select(d => $"{d.Key} {d.Value:G4}")));
        Assert.True(logProbAfter > logProbBefore + 1, $"log P(target) went from {logProbBefore:F4} to {logProbAfter:F4}");
        Assert.Equal(MemitGolden.Layers.Select(MemitGolden.Weight), result.Deltas.Select(d => d.Name));
        Assert.All(model.Model.Parameters.Where(p => !result.Deltas.Any(d => d.Name == p.Name)), p => Assert.Same(before[p.Name], p.Value));
        Assert.True(result.Diagnostics["z_attention_delta_norm"] > 0, "the attention delta was not optimised");
    }

    [Fact]
    public void Undo_RestoresEveryWeightBitForBit()
    {
        // Given
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value.ToArray());

        // When
        var result = new PmetEditor(PmetFixture.Hyperparameters).Apply(model, PmetFixture.Golden.Requests[0], PmetFixture.Options);
        result.Undo(model.Model);

        // Then
        Assert.All(model.Model.Parameters, p => Assert.Equal(before[p.Name], p.Value.ToArray()));
    }

    [Fact]
    public void Batch_WritesEveryRequestInOneUpdate()
    {
        // Given two requests
        var model = GoldenGpt2.Load();
        var requests = PmetFixture.Golden.Requests;
        double[] before = [.. requests.Select(r => RomeGolden.TargetLogProb(model, r))];

        // When
        var result = new PmetEditor(PmetFixture.Hyperparameters).ApplyBatch(model, requests, PmetFixture.Options);

        // Then
        double[] after = [.. requests.Select(r => RomeGolden.TargetLogProb(model, r))];
        output.WriteLine($"log P(target) [{string.Join(", ", before.Select(v => v.ToString("F4")))}] → [{string.Join(", ", after.Select(v => v.ToString("F4")))}]");
        Assert.Equal(2, result.Diagnostics["requests"]);
        Assert.Equal(2, result.Deltas.Count);
        Assert.All(before.Zip(after), p => Assert.True(p.Second > p.First + 0.5, $"log P(target) went from {p.First:F4} to {p.Second:F4}"));
    }

    [Theory]
    [InlineData("nll_loss_factor: 1", "nll_loss_factor: 0", "nll_loss_factor: must be finite and > 0")]
    [InlineData("rewrite_module_tmps: [\"transformer.h.{}.mlp.c_proj\"]", "rewrite_module_tmps: [\"transformer.h.{}.mlp.c_proj\", \"transformer.h.{}.attn.c_proj\"]", "rewrite_module_tmps: must be [\"transformer.h.{}.mlp.c_proj\"]")]
    [InlineData("attn_module_tmp: \"transformer.h.{}.attn.c_proj\"", "attn_module_tmp: \"transformer.h.{}.mlp\"", "attn_module_tmp: \"transformer.h.{}.mlp\" is the Mlp module")]
    [InlineData("layers: [0, 1]", "layers: [1, 0]", "layers: [1, 0] must be strictly increasing")]
    [InlineData("mom2_update_weight: 1", "mom2_update_weight: -1", "mom2_update_weight: must be finite and ≥ 0")]
    public void BadValue_NamesTheKey_AndLeavesTheModelUnchanged(string good, string bad, string expected)
    {
        // Given
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);
        var h = HyperparameterFile.Parse<PmetHyperparameters>(PmetFixture.Yaml.Replace(good, bad, StringComparison.Ordinal), "bad.yaml");

        // When
        var error = Assert.Throws<HyperparameterException>(() => new PmetEditor(h).Apply(model, PmetFixture.Golden.Requests[0], PmetFixture.Options));

        // Then
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    [Fact]
    public void BadRequestInABatch_NamesItsIndexAndField()
    {
        // Given a batch whose second request's subject is not in its prompt
        var model = GoldenGpt2.Load();
        EditRequest[] requests = [PmetFixture.Golden.Requests[0], PmetFixture.Golden.Requests[0] with { Subject = "Eiffel Tower" }];

        // When
        var error = Assert.Throws<EditRequestException>(() => new PmetEditor(PmetFixture.Hyperparameters).ApplyBatch(model, requests, PmetFixture.Options));

        // Then
        Assert.Equal("subject", error.Field);
        Assert.Contains("request 1", error.Message, StringComparison.Ordinal);
    }
}
