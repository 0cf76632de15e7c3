namespace Amend.Editing.Methods.Kne;

/// <summary>The attribution score of every element of one layer's edited weight.</summary>
/// <param name="Layer">The block.</param>
/// <param name="Weight">The weight's checkpoint name, e.g. "transformer.h.3.mlp.c_proj.weight".</param>
/// <param name="Shape">The weight's shape, in its own (checkpoint) layout.</param>
/// <param name="Values">One score per element, row-major in that layout.</param>
public sealed record LayerScores(int Layer, string Weight, Shape Shape, float[] Values);
