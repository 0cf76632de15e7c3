using Amend.Tensors.Linalg;

namespace Amend.Editing.Shared;

/// <summary>What a layer-spread method solves at one layer (see <see cref="LayerSpread"/>).</summary>
/// <param name="Index">The layer's position i among the edited layers.</param>
/// <param name="Layer">The block index.</param>
/// <param name="Keys">K (d_in, n): the requests' keys at this layer, with the earlier layers' updates in place.</param>
/// <param name="Residuals">R (d_out, n): this layer's share (Z − Z_current) / (L − i) (or / √(L − i)) of what is still missing at the last layer.</param>
public sealed record LayerStep(int Index, int Layer, Matrix64 Keys, Matrix64 Residuals);
