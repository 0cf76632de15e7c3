namespace Amend.Tensors.Tests.Kernels;

public sealed class SoftmaxKernelTests
{
    [Fact]
    public void Softmax_RowsSumToOne_AndMatchNaiveReference()
    {
        var x = Tensor.Randn(new Shape(4, 3, 37), new Random(1), std: 4f);

        var y = x.Softmax();

        TensorAssert.Close(NaiveReference.Softmax(x.ToArray(), 37, log: false), y.ToArray(), rtol: 1e-5, atol: 1e-7, "softmax");
        var values = y.ToArray();
        for (int r = 0; r < 12; r++) Assert.Equal(1.0, values.Skip(r * 37).Take(37).Sum(v => (double)v), 5);
    }

    [Fact]
    public void LogSoftmax_MatchesNaiveReference()
    {
        var x = Tensor.Randn(new Shape(5, 70), new Random(2), std: 4f);

        var y = x.LogSoftmax();

        TensorAssert.Close(NaiveReference.Softmax(x.ToArray(), 70, log: true), y.ToArray(), rtol: 1e-5, atol: 1e-5, "log_softmax");
    }

    [Fact]
    public void Softmax_OfHugeLogits_DoesNotOverflow()
    {
        // exp(1000) overflows float; shifting by the row maximum keeps it finite
        var y = Tensor.FromArray([1000f, 999f, -1000f], 1, 3);

        var p = y.Softmax().ToArray();
        var logP = y.LogSoftmax().ToArray();

        Assert.Equal(1 / (1 + Math.Exp(-1)), p[0], 6);
        Assert.Equal(0f, p[2]);
        Assert.Equal(-2000 - Math.Log(1 + Math.Exp(-1)), logP[2], 3);
    }

    [Fact]
    public void Softmax_OfLargeInput_SplitAcrossThreads_MatchesNaiveReference()
    {
        var x = Tensor.Randn(new Shape(300, 512), new Random(3));

        TensorAssert.Close(NaiveReference.Softmax(x.ToArray(), 512, log: false), x.Softmax().ToArray(), rtol: 1e-5, atol: 1e-8, "softmax");
    }

    [Fact]
    public void Softmax_Throws_OnScalar()
    {
        var error = Assert.Throws<TensorShapeException>(() => Tensor.Scalar(1f).Softmax());

        Assert.StartsWith("Softmax:", error.Message);
    }
}
