using Amend.Editing.Methods.Kne;

namespace Amend.Editing.Tests.Methods.Kne;

/// <summary>An ensemble read from a damaged or foreign cache file must fail the edit with a message, not an index error.</summary>
public sealed class EnsembleDeltasTests
{
    private const string Weight = "transformer.h.1.mlp.c_proj.weight";

    [Fact]
    public void APositionPastTheWeightsEnd_FailsTheEdit_NamingWeightAndPosition()
    {
        var model = GoldenGpt2.Load().Model;
        int elements = model.Parameter(Weight).Shape.ElementCount;
        var ensemble = new KnowledgeEnsemble(0.5f, 100, [new EnsembleLayer(1, Weight, [0, elements])]);

        var error = Assert.Throws<EditFailedException>(() => EnsembleDeltas.For(model, ensemble, 1.0));

        Assert.Contains($"position {elements} in {Weight}, which has {elements} elements", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWeightTheModelLacks_FailsTheEdit_NamingIt()
    {
        var model = GoldenGpt2.Load().Model;
        var ensemble = new KnowledgeEnsemble(0.5f, 100, [new EnsembleLayer(1, "model.layers.1.mlp.down_proj.weight", [0])]);

        var error = Assert.Throws<EditFailedException>(() => EnsembleDeltas.For(model, ensemble, 1.0));

        Assert.Contains("names model.layers.1.mlp.down_proj.weight, which this gpt2 model does not have", error.Message, StringComparison.Ordinal);
    }
}
