namespace Amend.Editing.Shared;

/// <summary>
/// A module's input and output at one located token of each of n prompts: for the MLP output projection, the
/// keys k (its input) and the values W·k + b (its output) that ROME and MEMIT rewrite.
/// </summary>
/// <param name="Keys">The module's input at each located token, (n, d_in).</param>
/// <param name="Values">The module's output at each located token, (n, d_out).</param>
/// <param name="Locations">Each prompt's tokens and the located token, in prompt order.</param>
public sealed record LocatedActivations(Tensor Keys, Tensor Values, IReadOnlyList<SubjectLocation> Locations)
{
    /// <summary>The mean key over the prompts, (d_in): ROME's k* over its context templates.</summary>
    public Tensor MeanKey() => Keys.Mean(0);

    /// <summary>The mean value over the prompts, (d_out).</summary>
    public Tensor MeanValue() => Values.Mean(0);

    /// <summary>The key of prompt <paramref name="index"/>, (d_in).</summary>
    public Tensor Key(int index) => Keys.Narrow(0, index, 1).Reshape(Keys.Shape[1]);

    /// <summary>The value of prompt <paramref name="index"/>, (d_out).</summary>
    public Tensor Value(int index) => Values.Narrow(0, index, 1).Reshape(Values.Shape[1]);
}
