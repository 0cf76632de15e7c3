using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Kne;
using Amend.Editing.Tests.CausalTracing;

namespace Amend.Editing.Tests.Methods.Kne;

public sealed class KneQueryProjectionTests
{
    [Fact]
    public void Apply_OnLlamaQueryProjections_EditsOnlyTheirEnsembleAndRaisesTheTarget()
    {
        // Given: stories260K (LLaMA layout, separate q_proj) and KNE on the query projections
        var (model, prompt, subject) = TraceModels.Load(TraceModels.Stories);
        var request = new EditRequest { Prompt = prompt, Subject = subject, TargetNew = "dog" };
        var settings = KneSettings.Golden() with { RewriteModuleTmp = "model.layers.{}.self_attn.q_proj" };
        var original = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);
        double before = new KneAttribution(model, settings).Probability([request]);

        // When
        var result = new KneEditor(settings).Apply(model, request);

        // Then: only q_proj weights changed, and P(target) rose
        Assert.NotEmpty(result.Deltas);
        Assert.All(result.Deltas, d => Assert.Matches(@"^model\.layers\.\d+\.self_attn\.q_proj\.weight$", d.Name));
        var changed = model.Model.Parameters.Where(p => !ReferenceEquals(p.Value, original[p.Name])).Select(p => p.Name);
        Assert.Equal(result.Deltas.Select(d => d.Name).Order(), changed.Order());
        Assert.True(new KneAttribution(model, settings).Probability([request]) > before);
    }

    [Fact]
    public void QueryProjection_OnGpt2_WhichFusesQkv_IsRefusedNamingTheKey()
    {
        var model = GoldenGpt2.Load();
        var settings = KneSettings.Golden() with { RewriteModuleTmp = "transformer.h.{}.attn.q_proj" };

        var error = Assert.Throws<HyperparameterException>(() => new KneEditor(settings).Apply(model, KneSettings.Request));

        Assert.Contains("rewrite_module_tmp", error.Message, StringComparison.Ordinal);
    }
}
