using Amend.Tensors.Backends;
using Amend.Tensors.Kernels;
using Amend.Tensors.Tests.Kernels;

namespace Amend.Tensors.Tests.Backends;

// CI installs libopenblas0-pthread; a machine without it fails here with the reason, never skips.
public sealed class OpenBlasTests
{
    [Fact]
    public void OpenBlas_Loads()
    {
        Assert.True(OpenBlas.LoadError is null, $"OpenBLAS could not be loaded: {OpenBlas.LoadError}");
    }

    [Fact]
    public void FindSgemm_PassesOverALibraryWithoutIt_ToTheNextName()
    {
        // libm loads on every glibc system and has no cblas_sgemm: the search must go on to OpenBLAS, not stop there.
        var (sgemm, error) = OpenBlas.FindSgemm(["libm.so.6", "no-such-library.so", "libopenblas.so.0"]);

        Assert.True(error is null, error);
        Assert.NotEqual(IntPtr.Zero, sgemm);
    }

    [Fact]
    public void FindSgemm_NamesTheLibrariesThatLoadedWithoutIt()
    {
        var (sgemm, error) = OpenBlas.FindSgemm(["libm.so.6", "no-such-library.so"]);

        Assert.Equal(IntPtr.Zero, sgemm);
        Assert.Equal("none of libm.so.6, no-such-library.so provides cblas_sgemm; libm.so.6 loaded but exports no cblas_sgemm (on Debian/Ubuntu: apt-get install libopenblas0-pthread)", error);
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.BFloat16)]
    public void Multiply_AgreesWithTheManagedKernel(DType bType)
    {
        Assert.True(OpenBlas.LoadError is null, $"OpenBLAS could not be loaded: {OpenBlas.LoadError}");
        foreach (var (m, n, k) in new[] { (1, 65, 33), (17, 49, 129), (70, 90, 400) })
        {
            foreach (var (transA, transB) in GemmTests.Transposes)
            {
                var problem = new GemmCase(m, n, k, transA, transB, accumulate: true, pad: 2, bType: bType);
                problem.CheckKernel(g => OpenBlas.Multiply(g), "OpenBLAS");
                problem.CheckKernel(g => MatMulKernel.Multiply(g), "managed");
            }
        }
    }
}
