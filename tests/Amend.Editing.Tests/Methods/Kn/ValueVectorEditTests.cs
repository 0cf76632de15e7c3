using Amend.Editing.Methods.Kn;
using Amend.Editing.Tests.CausalTracing;
using Amend.Models.Architectures;

namespace Amend.Editing.Tests.Methods.Kn;

public sealed class ValueVectorEditTests
{
    // Four tokens with 2-wide embeddings: e0 = (1, 0), e1 = (0, 1), e2 = (2, 2), e3 = (−1, 3).
    private static readonly Tensor Embedding = Tensor.FromArray([1, 0, 0, 1, 2, 2, -1, 3], 4, 2);

    [Fact]
    public void Direction_OneTokenAnswer_MovesTwiceTheEmbeddingDifference()
    {
        // Δ = s·2·(e2 − e0) = 0.5·2·(1, 2)
        Assert.Equal([1f, 2f], ValueVectorEdit.Direction(Embedding, [2], [0], scale: 0.5));
    }

    [Fact]
    public void Direction_LongerAnswer_MovesEachTokenOnce()
    {
        // Δ = s·((e2 + e3) − (e0 + e1)) = (1, 5) − (1, 1)
        Assert.Equal([0f, 4f], ValueVectorEdit.Direction(Embedding, [2, 3], [0, 1], scale: 1));
    }

    [Fact]
    public void Direction_TokenOutsideTheVocabulary_Throws()
    {
        Assert.Contains("token 4", Assert.Throws<ArgumentException>(() => ValueVectorEdit.Direction(Embedding, [4], [0], 1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ValueVectorEdit.Direction(Embedding, [], [0], 1));
    }

    [Theory]
    [InlineData(TraceModels.Gpt2)]
    [InlineData(TraceModels.Stories)]
    public void Deltas_WriteTheSignedDirectionIntoEachNeuronsValueVector_InTheWeightsLayout(string name)
    {
        // Given: two neurons of layer 1 and one of layer 0; neuron 7 of layer 1 has a negative activation
        var model = TraceModels.Load(name).Model.Model;
        bool conv1D = model.Architecture.ProjectionLayout == WeightLayout.InByOut;
        var shape = model.Weight(ModuleRole.MlpOutputProjection, 0).Shape;
        var (neuronCount, width) = conv1D ? (shape[0], shape[1]) : (shape[1], shape[0]);
        float[] direction = [.. Enumerable.Range(1, width).Select(c => (float)c)];
        KnowledgeNeuron[] neurons = [new(1, 3), new(0, 5), new(1, 7)];
        var activations = Enumerable.Range(0, model.Architecture.NumLayers).Select(_ => Enumerable.Repeat(0.5f, neuronCount).ToArray()).ToArray();
        activations[1][7] = -0.1f;

        // When
        var deltas = ValueVectorEdit.Deltas(model, neurons, direction, activations);

        // Then: one delta per layer, ±direction in the neurons' rows (Conv1D) or columns (Linear), zero elsewhere
        Assert.Equal([model.Weight(ModuleRole.MlpOutputProjection, 0).Name, model.Weight(ModuleRole.MlpOutputProjection, 1).Name], deltas.Select(d => d.Name));
        foreach (var (delta, indices) in deltas.Zip(new[] { new[] { 5 }, new[] { 3, 7 } }))
        {
            var values = delta.Delta;
            if (!conv1D) values = values.Transpose(0, 1);
            float[] rows = values.ToArray();
            for (int i = 0; i < neuronCount; i++)
            {
                float[] expected = !indices.Contains(i) ? new float[width] : i == 7 ? [.. direction.Select(d => -d)] : direction;
                Assert.Equal(expected, rows.AsSpan(i * width, width).ToArray());
            }
        }
    }

    [Fact]
    public void Deltas_NeuronOutsideTheLayer_NamesTheWeight()
    {
        var model = GoldenGpt2.Load().Model;

        var error = Assert.Throws<ArgumentException>(() => ValueVectorEdit.Deltas(model, [new(0, 128)], new float[32], [new float[128], new float[128], new float[128]]));

        Assert.Contains("neuron 128 is outside transformer.h.0.mlp.c_proj.weight", error.Message, StringComparison.Ordinal);
    }
}
