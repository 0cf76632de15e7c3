namespace Amend.Tensors.Tests.Kernels;

public sealed class CrossEntropyKernelTests
{
    [Fact]
    public void CrossEntropy_Mean_SkipsIgnoredTargets_AndMatchesNaiveReference()
    {
        // Given 5 rows of 11 classes, two rows ignored
        var logits = Tensor.Randn(new Shape(5, 11), new Random(1), std: 3f);
        int[] targets = [3, -100, 10, 0, -100];
        var perRow = NaiveReference.CrossEntropy(logits.ToArray(), 11, targets, -100);

        // When
        float mean = logits.CrossEntropy(targets).Item();
        float sum = logits.CrossEntropy(targets, reduction: LossReduction.Sum).Item();
        var none = logits.CrossEntropy(targets, reduction: LossReduction.None);

        // Then
        Assert.Equal(perRow.Sum() / 3, mean, 1e-5);
        Assert.Equal(perRow.Sum(), sum, 1e-5);
        Assert.Equal(new Shape(5), none.Shape);
        TensorAssert.Close(perRow.Select(v => (float)v).ToArray(), none.ToArray(), rtol: 1e-5, atol: 1e-6, "per-row losses");
    }

    [Fact]
    public void CrossEntropy_OverBatchAndTime_TakesOneTargetPerRow()
    {
        var logits = Tensor.Randn(new Shape(2, 3, 7), new Random(2));
        int[] targets = [0, 1, 2, 3, 4, 5];

        var none = logits.CrossEntropy(targets, reduction: LossReduction.None);

        Assert.Equal(new Shape(2, 3), none.Shape);
        TensorAssert.Close(NaiveReference.CrossEntropy(logits.ToArray(), 7, targets, -100).Select(v => (float)v).ToArray(), none.ToArray(), rtol: 1e-5, atol: 1e-6);
    }

    [Fact]
    public void CrossEntropy_OfHugeLogits_StaysFinite()
    {
        var loss = Tensor.FromArray([1000f, 0f, -1000f], 1, 3).CrossEntropy([1]).Item();

        Assert.Equal(1000f, loss, 3);
    }

    [Fact]
    public void CrossEntropy_Mean_WhenEveryTargetIsIgnored_IsNaN_AsPyTorch()
    {
        Assert.True(float.IsNaN(Tensor.Zeros(2, 3).CrossEntropy([-100, -100]).Item()));
    }

    [Fact]
    public void CrossEntropy_Throws_NamingRowAndRange_WhenTargetIsOutOfRange()
    {
        var error = Assert.Throws<TensorShapeException>(() => Tensor.Zeros(2, 3).CrossEntropy([1, 3]));

        Assert.StartsWith("CrossEntropy:", error.Message);
        Assert.Contains("target 3 at row 1 is outside [0, 3)", error.Message);
    }

    [Fact]
    public void CrossEntropy_Throws_WhenTargetCountDiffersFromRows()
    {
        var error = Assert.Throws<TensorShapeException>(() => Tensor.Zeros(2, 3).CrossEntropy([1]));

        Assert.Contains("1 targets for logits of shape (2, 3)", error.Message);
    }
}
