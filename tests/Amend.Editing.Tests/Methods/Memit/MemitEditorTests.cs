using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Memit;
using Amend.Editing.Statistics;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Tests.Methods.Memit;

public sealed class MemitEditorTests
{
    private static readonly MemitGolden Golden = MemitGolden.Load("MEMIT");

    [Fact]
    public void Undo_RestoresEveryWeight()
    {
        // Given
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);

        // When
        var result = new MemitEditor(Golden.Hyperparameters).Apply(model, Golden.Requests[0], Golden.Options);
        Assert.All(MemitGolden.Layers, l => Assert.NotSame(before[MemitGolden.Weight(l)], model.Model.Parameter(MemitGolden.Weight(l)).Value));
        result.Undo(model.Model);

        // Then
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    [Theory]
    [InlineData(new[] { 0, 5 }, "layers: 5 is out of range")]
    [InlineData(new[] { 1, 0 }, "strictly increasing")]
    [InlineData(new int[0], "layers: empty")]
    public void BadLayers_ThrowHyperparameterException_AndLeaveTheModelUnchanged(int[] layers, string expected)
    {
        // Given
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);

        // When
        var error = Assert.Throws<HyperparameterException>(() => new MemitEditor(Golden.Hyperparameters with { Layers = layers }).Apply(model, Golden.Requests[0], Golden.Options));

        // Then
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    [Fact]
    public void AHugeLayerList_IsReportedInOneShortLine()
    {
        var layers = Enumerable.Range(0, 100_000).ToArray();

        var error = Assert.Throws<HyperparameterException>(() => new MemitEditor(Golden.Hyperparameters with { Layers = layers }).Apply(GoldenGpt2.Load(), Golden.Requests[0], Golden.Options));

        Assert.Contains("layers: [3, 4, 5, 6, 7, 8, 9, …, 99999] (99997 entries) are out of range", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 1000, error.Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void NonFiniteStatisticsAtTheSecondLayer_FailTheEdit_AndRestoreTheFirstLayer()
    {
        // Given statistics whose second layer holds a NaN: layer 0 is updated before layer 1's solve fails
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value);
        KeyStatistics Identity(int layer, bool nan)
        {
            var moment = new Matrix64(128, 128);
            for (int i = 0; i < 128; i++) moment[i, i] = 1;
            if (nan) moment[3, 5] = moment[5, 3] = double.NaN;
            return new KeyStatistics(layer, moment, 1000, "test moment");
        }

        var options = Golden.Options with { Statistics = new FixedStatistics(Identity(0, false), Identity(1, true)) };

        // When, Then: a failed edit naming the layer, with every weight the tensor it was
        var error = Assert.Throws<EditFailedException>(() => new MemitEditor(Golden.Hyperparameters).Apply(model, Golden.Requests[0], options));
        Assert.Contains("layer 1:", error.Message, StringComparison.Ordinal);
        Assert.All(model.Model.Parameters, p => Assert.Same(before[p.Name], p.Value));
    }

    [Fact]
    public void Statistics_OfAllLayers_AreAskedForAtOnce_SoAComputingSourceMakesOnePass()
    {
        var source = new RecordingStatistics(Golden.Options.Statistics!);

        new MemitEditor(Golden.Hyperparameters).Apply(GoldenGpt2.Load(), Golden.Requests[0], Golden.Options with { Statistics = source });

        Assert.Equal([[0, 1]], source.Asked);
    }

    [Fact]
    public void MissingStatistics_TellsHowToProvideThem()
    {
        // Given no statistics source
        var model = GoldenGpt2.Load();

        // When
        var error = Assert.Throws<InvalidOperationException>(() => new MemitEditor(Golden.Hyperparameters).Apply(model, Golden.Requests[0], Golden.Options with { Statistics = null }));

        // Then
        Assert.Contains("layers [0, 1]", error.Message, StringComparison.Ordinal);
        Assert.Contains("--stats-corpus", error.Message, StringComparison.Ordinal);
        Assert.Contains("amend stats", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadRequestInABatch_NamesItsIndex()
    {
        // Given a batch whose second request's subject is not in its prompt
        var model = GoldenGpt2.Load();
        EditRequest[] requests = [Golden.Requests[0], Golden.Requests[0] with { Subject = "Eiffel Tower" }];

        // When
        var error = Assert.Throws<EditRequestException>(() => new MemitEditor(Golden.Hyperparameters).ApplyBatch(model, requests, Golden.Options));

        // Then
        Assert.Equal("subject", error.Field);
        Assert.Contains("request 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_ReadsAnEasyEditMemitFile()
    {
        var editor = EditorRegistry.Create("memit", GoldenGpt2.Reference("MEMIT-batch", "hparams.yaml"));

        var memit = Assert.IsType<MemitEditor>(editor);
        Assert.Equal("MEMIT", memit.Method);
        Assert.Equal(20000, ((MemitHyperparameters)memit.Hyperparameters).Mom2UpdateWeight);
    }
}

/// <summary>Passes lookups on, recording the layers of each <see cref="IKeyStatisticsSource.GetMany"/> call.</summary>
internal sealed class RecordingStatistics(IKeyStatisticsSource inner) : IKeyStatisticsSource
{
    public List<int[]> Asked { get; } = [];

    public KeyStatistics Get(EditableModel model, int layer, StatisticsRequest request) => throw new InvalidOperationException("layers are to be asked for together");

    public IReadOnlyList<KeyStatistics> GetMany(EditableModel model, IReadOnlyList<int> layers, StatisticsRequest request)
    {
        Asked.Add([.. layers]);
        return [.. layers.Select(layer => inner.Get(model, layer, request))];
    }
}
