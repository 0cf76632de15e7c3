using Amend.Editing.Methods.Kn;

namespace Amend.Editing.Tests.Methods.Kn;

public sealed class NeuronSelectionTests
{
    [Fact]
    public void Coarse_KeepsScoresAboveTheFractionOfTheLargestOverAllLayers()
    {
        // Given: the largest score is 1.0, so with 0.25 the threshold is 0.25 (strictly above it is selected)
        float[][] scores = [[0.1f, 1.0f, 0.3f], [0.25f, -2f, 0.26f]];

        // When
        var selected = NeuronSelection.Coarse(scores, 0.25);

        // Then: layer-major, ascending index; 0.25 itself is not above the threshold
        Assert.Equal([new(0, 1), new(0, 2), new KnowledgeNeuron(1, 2)], selected);
    }

    [Fact]
    public void Coarse_NoPositiveScore_SelectsNothing()
    {
        Assert.Empty(NeuronSelection.Coarse([[-1f, -3f], [-0.5f, -2f]], 0.2));
        Assert.Throws<ArgumentException>(() => NeuronSelection.Coarse([], 0.2));
    }

    [Fact]
    public void Refine_KeepsNeuronsSharedByMoreThanPOfThePrompts()
    {
        // Given: three prompts; with p = 0.4 a neuron needs more than 1.2 of them, i.e. two
        IReadOnlyList<KnowledgeNeuron>[] coarse =
        [
            [new(0, 1), new(2, 5)],
            [new(2, 5), new(1, 3)],
            [new(0, 1), new(2, 5), new(0, 7)],
        ];

        // When
        var refined = NeuronSelection.Refine(coarse, 0.4, refine: true);
        var union = NeuronSelection.Refine(coarse, 0.4, refine: false);

        // Then: refined in order of first selection; without refine, every neuron any prompt chose
        Assert.Equal([new(0, 1), new KnowledgeNeuron(2, 5)], refined);
        Assert.Equal([new(0, 1), new(2, 5), new(1, 3), new KnowledgeNeuron(0, 7)], union);
    }

    [Fact]
    public void Refine_OnePrompt_KeepsEveryCoarseNeuron_AsInEasyEdit()
    {
        Assert.Equal([new KnowledgeNeuron(0, 1)], NeuronSelection.Refine([[new(0, 1)]], 0.9, refine: true));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Refine_POutsideZeroToOne_Throws(double p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuronSelection.Refine([[new(0, 1)]], p, refine: true));
    }
}
