namespace Amend.Editing.Statistics;

/// <summary>Provides layer key statistics: computed and cached over a corpus, read from EasyEdit's stats files, or from a covariance file.</summary>
public interface IKeyStatisticsSource
{
    /// <summary>C = E[k kᵀ] at <paramref name="layer"/>'s MLP output projection input.</summary>
    /// <param name="model">The model whose keys are measured.</param>
    /// <param name="layer">Block index.</param>
    /// <param name="request">Which corpus and how many samples the method asks for (EasyEdit's mom2_dataset, mom2_n_samples).</param>
    /// <exception cref="InvalidOperationException">The source has no statistics for this layer and cannot compute them; the message says how to provide them.</exception>
    KeyStatistics Get(EditableModel model, int layer, StatisticsRequest request);

    /// <summary>C for each of <paramref name="layers"/>, in the order given; a source that computes them does all in one pass.</summary>
    /// <exception cref="InvalidOperationException">The source has no statistics for one of the layers and cannot compute them.</exception>
    IReadOnlyList<KeyStatistics> GetMany(EditableModel model, IReadOnlyList<int> layers, StatisticsRequest request) =>
        [.. layers.Select(layer => Get(model, layer, request))];
}
