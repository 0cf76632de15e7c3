using Amend.Tensors.Optim;

namespace Amend.Tensors.Tests.Optim;

public sealed class GradientClippingTests
{
    [Fact]
    public void ClipByGlobalNorm_ScalesAllGradients_WhenNormExceedsMax()
    {
        // Gradients (3) and (4) across two parameters: ‖g‖ = 5; c = 1/(5 + 1e-6) → (0.6, 0.8)·5/(5 + 1e-6)
        var a = TestGradients.Parameter(0f);
        var b = TestGradients.Parameter(0f);
        var gradients = TestGradients.Of((a, [3f]), (b, [4f]));

        double norm = GradientClipping.ClipByGlobalNorm([a, b], gradients, maxNorm: 1.0);

        Assert.Equal(5.0, norm, 12);
        Assert.Equal(3f / (5f + 1e-6f), gradients[a].Item(), 6);
        Assert.Equal(4f / (5f + 1e-6f), gradients[b].Item(), 6);
    }

    [Fact]
    public void ClipByGlobalNorm_LeavesGradients_WhenNormIsWithinMax()
    {
        var p = TestGradients.Parameter(0f, 0f);
        var gradients = TestGradients.Of((p, [0.3f, 0.4f]));
        var before = gradients[p];

        double norm = GradientClipping.ClipByGlobalNorm([p], gradients, maxNorm: 1.0);

        Assert.Equal(0.5, norm, 6);
        Assert.Same(before, gradients[p]);
    }

    [Fact]
    public void ClipByGlobalNorm_SkipsParametersWithoutGradient_AndCountsDuplicatesOnce()
    {
        var p = TestGradients.Parameter(0f);
        var unused = TestGradients.Parameter(0f);
        var gradients = TestGradients.Of((p, [2f]));

        double norm = GradientClipping.ClipByGlobalNorm([p, unused, p], gradients, maxNorm: 1.0);

        Assert.Equal(2.0, norm, 12);
        Assert.Null(gradients.Get(unused));
        Assert.Equal(2f / (2f + 1e-6f), gradients[p].Item(), 6);
    }

    [Fact]
    public void ClipByGlobalNorm_Throws_OnNonFiniteNorm_WhenAsked()
    {
        var p = TestGradients.Parameter(0f);
        var gradients = TestGradients.Of((p, [float.NaN]));

        Assert.Throws<InvalidOperationException>(() => GradientClipping.ClipByGlobalNorm([p], gradients, 1.0, errorIfNonFinite: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByGlobalNorm([p], gradients, 0.0));
    }
}
