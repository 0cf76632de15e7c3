namespace Amend.Editing.Methods.Kne;

/// <summary>The ensemble's part in one layer: which elements of its weight KNE may change.</summary>
/// <param name="Layer">The block.</param>
/// <param name="Weight">The weight's checkpoint name.</param>
/// <param name="Positions">Flat row-major indices into the weight, ascending; may be empty.</param>
public sealed record EnsembleLayer(int Layer, string Weight, int[] Positions);
