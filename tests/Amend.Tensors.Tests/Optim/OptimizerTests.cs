using Amend.Tensors.Optim;

namespace Amend.Tensors.Tests.Optim;

public sealed class OptimizerTests
{
    public static TheoryData<string> Kinds => ["sgd", "adam", "adamw"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Steps_SolveLeastSquares_ThroughAutograd(string kind)
    {
        // Given b = A·x* for a well-conditioned 6×3 A, and the loss ‖A·x − b‖² whose gradient is 2Aᵀ(A·x − b)
        var random = new Random(7);
        var a = Tensor.Randn(new Shape(6, 3), random);
        float[] target = [1.5f, -2f, 0.5f];
        float[] b = a.MatMul(Tensor.FromArray(target, 3, 1)).ToArray();
        var x = Tensor.Zeros(3, 1).RequireGrad();
        var optimizer = Create(kind, x);

        // When the optimizer steps on gradients from Backward with seed dL/d(Ax) = 2(Ax − b)
        for (int step = 0; step < 1500; step++)
        {
            var prediction = a.MatMul(x);
            float[] residual = prediction.ToArray();
            for (int i = 0; i < residual.Length; i++) residual[i] = 2 * (residual[i] - b[i]);
            optimizer.Step(prediction.Backward(Tensor.Wrap(residual, prediction.Shape)));
        }

        // Then x reaches x*
        TensorAssert.Close(target, x.ToArray(), rtol: 0, atol: 1e-3, what: $"{kind} solution");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Step_LeavesParameterWithoutGradientUnchanged_AndItsStateFresh(string kind)
    {
        // Given two parameters, the first gets a gradient twice while the second gets none
        var first = TestGradients.Parameter(1f);
        var second = TestGradients.Parameter(1f);
        var optimizer = Create(kind, first, second);
        optimizer.Step(TestGradients.Of((first, [0.5f])));
        optimizer.Step(TestGradients.Of((first, [0.5f])));
        Assert.Equal(1f, second.Item());

        // When the second finally gets a gradient, it moves as on a first step
        var reference = TestGradients.Parameter(1f);
        Create(kind, reference).Step(TestGradients.Of((reference, [0.5f])));
        optimizer.Step(TestGradients.Of((second, [0.5f])));

        Assert.Equal(reference.Item(), second.Item());
    }

    [Fact]
    public void LearningRate_CanChangeBetweenSteps()
    {
        // p = 1 − 0.1·1 − 0.01·1 = 0.89
        var p = TestGradients.Parameter(1f);
        var sgd = new Sgd([p], learningRate: 0.1);
        sgd.Step(TestGradients.Of((p, [1f])));

        sgd.LearningRate = 0.01;
        sgd.Step(TestGradients.Of((p, [1f])));

        Assert.Equal(0.89f, p.Item(), 6);
        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.LearningRate = double.NaN);
    }

    [Fact]
    public void Constructor_Throws_NamingTheBadParameter()
    {
        var good = TestGradients.Parameter(1f, 2f);
        var matrix = Tensor.Zeros(2, 3).RequireGrad();

        Assert.Contains("parameter 1", Assert.Throws<ArgumentException>(() => new Sgd([good, matrix.Transpose(0, 1)], 0.1)).Message);
        Assert.Contains("non-contiguous", Assert.Throws<ArgumentException>(() => new Adam([Tensor.Zeros(2, 3).RequireGrad().TransposeLast()])).Message);
        Assert.Contains("Float16", Assert.Throws<ArgumentException>(() => new Adam([Tensor.Zeros(2).ToDType(DType.Float16).RequireGrad()])).Message);
        Assert.Contains("RequireGrad", Assert.Throws<ArgumentException>(() => new AdamW([Tensor.Zeros(2)])).Message);
        Assert.Contains("more than once", Assert.Throws<ArgumentException>(() => new Sgd([good, good], 0.1)).Message);
    }

    [Fact]
    public void Constructor_RefusesParametersThatShareElements_ButNotDisjointSlicesOfOneBuffer()
    {
        var good = TestGradients.Parameter(1f, 2f);
        var buffer = Tensor.Zeros(4);
        var (front, back) = (buffer.Narrow(0, 0, 2).Detach().RequireGrad(), buffer.Narrow(0, 2, 2).Detach().RequireGrad());

        var error = Assert.Throws<ArgumentException>(() => new Adam([good, good.Detach().RequireGrad()]));

        Assert.Contains("parameter 1", error.Message);
        Assert.Contains("shares storage with parameter 0", error.Message);
        Assert.Equal(2, new Sgd([front, back], 0.1).Parameters.Count);
    }

    private static Optimizer Create(string kind, params Tensor[] parameters) => kind switch
    {
        "sgd" => new Sgd(parameters, learningRate: 0.02, momentum: 0.9),
        "adam" => new Adam(parameters, learningRate: 0.05),
        _ => new AdamW(parameters, learningRate: 0.05, weightDecay: 0),
    };
}
