using Amend.Evaluation.Running;

namespace Amend.Evaluation.Tests.Running;

public sealed class LogitSpillTests
{
    [Fact]
    public void Rows_ComeBackBitForBit_FromAFileThatHasNoNameInTheTempFolder()
    {
        using var spill = new LogitSpill();
        float[][] first = [[1f, -2.5f, float.MinValue], [0f, 3e-38f, 7f]];
        float[][] second = [[float.MaxValue, -0f, 1e-45f]];

        var a = spill.Write(first);
        var b = spill.Write(second);

        Assert.Equal((2, 3), (a.Count, a.Width));
        Assert.Equal(first[1], a.Row(1));
        Assert.Equal(first[0], a.Row(0));
        Assert.Equal(second[0], b.Row(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => b.Row(1));
        Assert.StartsWith(Path.Combine(Path.GetTempPath(), "amend-logits-"), spill.CreatedAs, StringComparison.Ordinal);
        Assert.False(File.Exists(spill.CreatedAs), "the spill's file must have no name in the temp folder while it is in use");
    }
}
