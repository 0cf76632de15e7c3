namespace Amend.Editing.Tests;

public sealed class ParameterDeltaTests
{
    [Fact]
    public void MaxAbs_IsTheLargestMagnitude_EvenWhenItIsNegative()
    {
        ParameterDelta[] deltas =
        [
            new("a", Tensor.FromArray([0.01f, -0.02f], 2)),
            new("b", Tensor.FromArray([-0.5f, 0.3f], 2)),
        ];

        Assert.Equal(0.5, ParameterDelta.MaxAbs(deltas), 6);
        Assert.Equal(0, ParameterDelta.MaxAbs([]));
    }
}
