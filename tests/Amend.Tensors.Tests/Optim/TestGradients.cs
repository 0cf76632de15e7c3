using Amend.Tensors.Autograd;

namespace Amend.Tensors.Tests.Optim;

/// <summary>Builds gradient stores by hand, so optimizer tests can state exact gradients.</summary>
internal static class TestGradients
{
    public static GradientStore Of(params (Tensor Parameter, float[] Gradient)[] pairs)
    {
        var store = new GradientStore();
        foreach (var (parameter, gradient) in pairs) store.Accumulate(parameter, Tensor.Wrap(gradient, parameter.Shape));
        return store;
    }

    public static Tensor Parameter(params float[] values) => Tensor.FromArray(values, values.Length).RequireGrad();
}
