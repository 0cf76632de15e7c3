using Amend.Tensors.Kernels.Elementwise;

namespace Amend.Tensors.Tests.Kernels.Elementwise;

public sealed class SpanKernelsTests
{
    // Lengths 0..67 exercise every mix of 16-, 8- and 4-wide vector steps and scalar remainders.
    private const int MaxLength = 67;

    [Fact]
    public void BinaryOperators_VectorPaths_MatchScalarReference()
    {
        AssertMatchesScalar<AddOperator>();
        AssertMatchesScalar<SubtractOperator>();
        AssertMatchesScalar<MultiplyOperator>();
        AssertMatchesScalar<DivideOperator>();
    }

    [Fact]
    public void GradientOperators_VectorPaths_MatchScalarReference()
    {
        AssertMatchesScalar<ReluGradientOperator>();
        AssertMatchesScalar<AbsGradientOperator>();
        AssertMatchesScalar<TanhGradientOperator>();
        AssertMatchesScalar<SigmoidGradientOperator>();
        AssertMatchesScalar<SqrtGradientOperator>();
    }

    [Fact]
    public void UnaryOperators_VectorPaths_MatchScalarReference()
    {
        AssertMatchesScalar1<NegateOperator>();
        AssertMatchesScalar1<AbsOperator>();
        AssertMatchesScalar1<ReluOperator>();
        AssertMatchesScalar1<SquareOperator>();
        AssertMatchesScalar1<SqrtOperator>();
    }

    [Fact]
    public void Apply_MayWriteOverItsInput()
    {
        // Reductions accumulate with d aliasing x
        float[] acc = [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f, 16f, 17f];
        var row = Enumerable.Repeat(1f, acc.Length).ToArray();

        SpanKernels.Apply<AddOperator>(acc, row, acc);

        Assert.Equal(Enumerable.Range(2, 17).Select(i => (float)i).ToArray(), acc);
    }

    /// <summary>Values in [-2, 2] with exact zeros and NaN mixed in (the kinks of relu/abs and NaN propagation).</summary>
    private static float[] Values(int n, int seed)
    {
        var random = new Random(seed);
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (i % 7) switch { 3 => 0f, 5 when seed == 1 => float.NaN, _ => (float)((random.NextDouble() * 4) - 2) };
        return values;
    }

    private static void AssertMatchesScalar<TOp>()
        where TOp : IBinaryOperator
    {
        for (int n = 0; n <= MaxLength; n++)
        {
            float[] x = Values(n, 1), y = Values(n, 2), actual = new float[n];
            float s = 0.75f;

            SpanKernels.Apply<TOp>(x, y, actual);
            Assert.Equal(x.Zip(y, TOp.Invoke).ToArray(), actual);
            SpanKernels.Apply<TOp>(x, s, actual);
            Assert.Equal(x.Select(v => TOp.Invoke(v, s)).ToArray(), actual);
            SpanKernels.Apply<TOp>(s, y, actual);
            Assert.Equal(y.Select(v => TOp.Invoke(s, v)).ToArray(), actual);
        }
    }

    private static void AssertMatchesScalar1<TOp>()
        where TOp : IUnaryOperator
    {
        for (int n = 0; n <= MaxLength; n++)
        {
            float[] x = Values(n, 1), actual = new float[n];

            SpanKernels.Apply<TOp>(x, actual);

            Assert.Equal(x.Select(TOp.Invoke).ToArray(), actual);
        }
    }
}
