using Amend.Editing.Statistics;

namespace Amend.Editing.Shared;

/// <summary>Fetches the key statistics a covariance-using method needs for each edited layer, before any heavy work.</summary>
internal static class SecondMoments
{
    /// <summary>How a user provides missing key statistics, the end of every "needs key statistics" message.</summary>
    public const string HowToProvide = "pass --stats-corpus FILE to compute them (cached), --stats-dir or --covariance for statistics you have, or run `amend stats`";

    /// <summary>C for each of <paramref name="layers"/>, checked to be d_in × d_in for the layer's rewritten projection.</summary>
    /// <exception cref="InvalidOperationException">No statistics source was given; the message says how to provide one.</exception>
    /// <exception cref="EditFailedException">A layer's statistics have the wrong dimension.</exception>
    public static IReadOnlyList<KeyStatistics> For(EditableModel model, string method, IReadOnlyList<int> layers, string rewriteTemplate, StatisticsRequest request, EditOptions options)
    {
        var source = options.Statistics ?? throw new InvalidOperationException(
            $"{method} needs key statistics for layers [{string.Join(", ", layers)}] ({request.Dataset}, {request.Samples} samples): {HowToProvide}");
        var architecture = model.Model.Architecture;
        var role = architecture.Resolve(rewriteTemplate).Role;
        var all = source.GetMany(model, layers, request);
        var result = new List<KeyStatistics>(layers.Count);
        foreach (var (layer, statistics) in layers.Zip(all))
        {
            string weight = architecture.ModuleName(role, layer) + ".weight";
            var shape = model.Model.Parameter(weight).Shape;
            int inputs = architecture.ProjectionLayout == Amend.Models.Architectures.WeightLayout.InByOut ? shape[0] : shape[1];
            if (statistics.Dimension != inputs || statistics.SecondMoment.Cols != inputs)
            {
                throw new EditFailedException(method, $"the statistics from {statistics.Source} for layer {layer} are {statistics.SecondMoment.Rows}×{statistics.SecondMoment.Cols}, but {weight} takes {inputs}-dimensional keys");
            }

            result.Add(statistics);
        }

        return result;
    }
}
