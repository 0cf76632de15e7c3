namespace Amend.Cli.Commands;

/// <summary>How fast all threads read some bytes again and again: the ceiling of a one-row shape that reads as much per round.</summary>
/// <param name="Bytes">All the B matrices a round of the shape's products reads.</param>
/// <param name="Buffers">How many matrices those bytes lie in, read in turn (as the shape takes them).</param>
/// <param name="BandwidthGBps">The highest of runs before and after the shapes, 10⁹ bytes/s.</param>
internal sealed record ReadCeiling(long Bytes, int Buffers, double BandwidthGBps);
