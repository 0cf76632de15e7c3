namespace Amend.Editing.Shared;

/// <summary>How much of what is still missing at the last edited layer <see cref="LayerSpread"/> asks layer i of L to write.</summary>
public enum ResidualShare
{
    /// <summary>MEMIT's (Z − Z_current)/(L − i): the remaining layers split the residual evenly.</summary>
    Remaining,

    /// <summary>PMET's (Z − Z_current)/√(L − i): a larger share for the earlier layers (the last one still gets all that is left).</summary>
    SquareRootOfRemaining,
}
