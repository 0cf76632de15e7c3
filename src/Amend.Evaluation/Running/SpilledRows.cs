namespace Amend.Evaluation.Running;

/// <summary>Rows of logits stored in a <see cref="LogitSpill"/>, read back one at a time.</summary>
/// <param name="Spill">Where they are.</param>
/// <param name="Offset">Their first byte in the spill file.</param>
/// <param name="Count">How many rows.</param>
/// <param name="Width">Floats per row.</param>
internal sealed record SpilledRows(LogitSpill Spill, long Offset, int Count, int Width)
{
    /// <summary>Row <paramref name="index"/>.</summary>
    public float[] Row(int index) => index >= 0 && index < Count ? Spill.Read(Offset, index, Width) : throw new ArgumentOutOfRangeException(nameof(index), $"row {index} of {Count}");
}
