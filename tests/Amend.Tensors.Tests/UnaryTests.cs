using static Amend.Tensors.Tests.Samples;

namespace Amend.Tensors.Tests;

public sealed class UnaryTests
{
    private static readonly float[] s_values = [-2.5f, -1f, -0.25f, 0f, 0.5f, 1f, 3f];

    public static TheoryData<string> Functions => ["Exp", "Tanh", "Sigmoid", "Neg", "Abs", "Relu", "Square"];

    [Theory]
    [MemberData(nameof(Functions))]
    public void Function_MatchesScalarMath(string name)
    {
        var (op, reference) = Pick(name);

        var y = op(Tensor.FromArray(s_values, s_values.Length));

        // TensorPrimitives' exp/tanh are within a few ulps of the correctly rounded double result
        TensorAssert.Close(s_values.Select(reference).ToArray(), y.ToArray(), rtol: 1e-6, atol: 1e-7, what: name);
    }

    [Fact]
    public void LogAndSqrt_MatchScalarMath_OnPositiveInputs()
    {
        float[] values = [0.125f, 0.5f, 1f, 2f, 9f];
        var x = Tensor.FromArray(values, values.Length);

        TensorAssert.Close(values.Select(v => MathF.Log(v)).ToArray(), x.Log().ToArray(), rtol: 1e-6, atol: 1e-7);
        Assert.Equal(values.Select(MathF.Sqrt).ToArray(), x.Sqrt().ToArray());
    }

    [Fact]
    public void Pow_RaisesToConstantExponent()
    {
        var x = Tensor.FromArray([0.5f, 2f, 3f], 3);

        Assert.Equal([0.25f, 4f, 9f], x.Pow(2f).ToArray());
        Assert.Equal([0.25f, 4f, 9f], x.Square().ToArray());
        TensorAssert.Close([0.125f, 8f, 27f], x.Pow(3f).ToArray(), rtol: 1e-6);
        TensorAssert.Close([2f, 0.5f, 1f / 3f], x.Pow(-1f).ToArray(), rtol: 1e-6);
    }

    [Fact]
    public void Clamp_LimitsToBounds()
    {
        var y = Tensor.FromArray([-3f, -0.5f, 0.2f, 7f], 4).Clamp(-1f, 1f);

        Assert.Equal([-1f, -0.5f, 0.2f, 1f], y.ToArray());
    }

    [Fact]
    public void Clamp_Throws_WhenMinExceedsMax()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2).Clamp(1f, -1f));

        Assert.Contains("Clamp", error.Message);
    }

    [Fact]
    public void Unary_OfTransposedView_ReadsLogicalOrder()
    {
        var x = Sequence(2, 3).Transpose(0, 1);

        Assert.Equal([0f, 9f, 1f, 16f, 4f, 25f], x.Square().ToArray());
        TensorAssert.Close(x.ToArray().Select(MathF.Exp).ToArray(), x.Exp().ToArray(), rtol: 1e-6);
    }

    [Fact]
    public void ReluAndAbs_HaveZeroGradientAtZero()
    {
        var x = Tensor.FromArray([-1f, 0f, 2f], 3).RequireGrad();

        Assert.Equal([0f, 0f, 1f], x.Relu().Sum().Backward()[x].ToArray());
        Assert.Equal([-1f, 0f, 1f], x.Abs().Sum().Backward()[x].ToArray());
    }

    [Fact]
    public void SmoothFunctions_Gradients_MatchFiniteDifferences()
    {
        // exp: dy·y; tanh: dy·(1 - y²); σ: dy·y(1 - y); -x: -dy; x³: 3x²·dy
        var x = Uniform(1, -1.5f, 1.5f, 3, 4);
        GradientCheck.Assert(t => t[0].Exp(), [x]);
        GradientCheck.Assert(t => t[0].Tanh(), [x]);
        GradientCheck.Assert(t => t[0].Sigmoid(), [x]);
        GradientCheck.Assert(t => t[0].Neg(), [x]);
        GradientCheck.Assert(t => t[0].Pow(3f), [x]);
        GradientCheck.Assert(t => t[0].Square(), [x]);
    }

    [Fact]
    public void PositiveDomainFunctions_Gradients_MatchFiniteDifferences()
    {
        // log: dy/x; √x: dy/(2√x); x^0.5 the same through Pow. Inputs in [0.5, 2] stay far from the
        // singularity at 0, where the step 1e-2 would make central differences inaccurate.
        var x = Uniform(2, 0.5f, 2f, 2, 5);
        GradientCheck.Assert(t => t[0].Log(), [x]);
        GradientCheck.Assert(t => t[0].Sqrt(), [x]);
        GradientCheck.Assert(t => t[0].Pow(0.5f), [x]);
    }

    [Fact]
    public void KinkedFunctions_Gradients_MatchFiniteDifferences_AwayFromKinks()
    {
        // relu: dy where x > 0; |x|: dy·sign(x); clamp: dy inside the bounds. Inputs keep 0.1 from every kink.
        var x = AwayFromZero(3, 3, 5);
        GradientCheck.Assert(t => t[0].Relu(), [x]);
        GradientCheck.Assert(t => t[0].Abs(), [x]);
        GradientCheck.Assert(t => t[0].Clamp(-0.1f, 0.1f) + t[0].Clamp(-5f, 5f), [x]);
    }

    [Fact]
    public void Unary_Gradients_ThroughTransposedInput()
    {
        GradientCheck.Assert(t => t[0].Transpose(0, 1).Tanh() * t[1], [Uniform(4, -1f, 1f, 3, 2), Uniform(5, -1f, 1f, 2, 3)]);
    }

    private static (Func<Tensor, Tensor> Op, Func<float, float> Reference) Pick(string name) => name switch
    {
        "Exp" => (x => x.Exp(), v => (float)Math.Exp(v)),
        "Tanh" => (x => x.Tanh(), v => (float)Math.Tanh(v)),
        "Sigmoid" => (x => x.Sigmoid(), v => (float)(1 / (1 + Math.Exp(-v)))),
        "Neg" => (x => x.Neg(), v => -v),
        "Abs" => (x => x.Abs(), MathF.Abs),
        "Relu" => (x => x.Relu(), v => MathF.Max(v, 0f)),
        _ => (x => x.Square(), v => v * v),
    };
}
