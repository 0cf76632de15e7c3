using Amend.Tensors.Linalg;

namespace Amend.Tensors.Tests.Linalg;

public sealed class RotationBatchTests
{
    [Fact]
    public void Flush_MatchesRotationsAppliedOneByOne()
    {
        // Given 37 rows (not a whole number of column blocks) and rotations in sweeps down the rows, a restart
        // one row above the carried one, a jump, and a repeat of the same pair — every carry case of the kernel
        const int n = 37;
        var random = new Random(9);
        var start = TestMatrices.Random(n, n, seed: 9);
        int[] rows = [.. Enumerable.Range(3, 30).Reverse(), 20, 21, 5, 5, .. Enumerable.Range(0, 36).Reverse(), 0];
        var angles = rows.Select(_ => random.NextDouble() * Math.PI * 2).ToArray();

        // When the batch applies them, and the reference applies (x, y) ← (c·x − s·y, s·x + c·y) row pair by row pair
        var batch = new RotationBatch(MatrixView.Of(start), n);
        for (int r = 0; r < rows.Length; r++) batch.Add(rows[r], Math.Cos(angles[r]), Math.Sin(angles[r]));
        batch.Flush();
        var expected = start.Clone();
        for (int r = 0; r < rows.Length; r++)
        {
            double c = Math.Cos(angles[r]), s = Math.Sin(angles[r]);
            for (int j = 0; j < n; j++)
            {
                double x = expected[rows[r], j], y = expected[rows[r] + 1, j];
                (expected[rows[r], j], expected[rows[r] + 1, j]) = ((c * x) - (s * y), (s * x) + (c * y));
            }
        }

        // Then both agree to rounding
        var actual = new Matrix64(n, n);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) actual[i, j] = batch.At(i, j);
        }

        TestMatrices.AssertClose(expected, actual, 1e-14, "batched rotations");
    }
}
