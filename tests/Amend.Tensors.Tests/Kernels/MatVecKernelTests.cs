using Amend.Tensors.Kernels;

namespace Amend.Tensors.Tests.Kernels;

public sealed class MatVecKernelTests
{
    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float16)]
    [InlineData(DType.BFloat16)]
    public void Multiply_MatchesNaive_ForEveryLayoutOfB(DType bType)
    {
        // 131×700 runs on several threads; 3×5 stays on one thread and ends in a partial row block;
        // rows longer than 1024 (n for row-major B, k for transposed) are taken in segments.
        foreach (var (n, k) in new[] { (3, 5), (67, 33), (131, 700), (1100, 70), (70, 1100) })
        {
            foreach (var (transA, transB) in GemmTests.Transposes)
            {
                new GemmCase(1, n, k, transA, transB, bType: bType, pad: 2).CheckKernel(g => MatVecKernel.Multiply(g), "matvec");
                new GemmCase(1, n, k, transA, transB, accumulate: true, bType: bType).CheckKernel(g => MatVecKernel.Multiply(g), "matvec");
            }
        }
    }

    [Theory]
    [InlineData(2, DType.Float32)]
    [InlineData(5, DType.BFloat16)]
    [InlineData(7, DType.Float32)]
    [InlineData(MatVecKernel.MaxRows, DType.Float16)]
    public void Multiply_MatchesNaive_ForAFewRowsOfA(int m, DType bType)
    {
        // Several threads with partial rows summed at the end, full and partial 8-row blocks of B, column
        // tails past the 16-float steps, and segments of long rows.
        foreach (var (n, k) in new[] { (3, 5), (67, 33), (131, 700), (1100, 70), (70, 1100) })
        {
            foreach (var (transA, transB) in GemmTests.Transposes)
            {
                new GemmCase(m, n, k, transA, transB, bType: bType, pad: 2).CheckKernel(g => MatVecKernel.Multiply(g), "few rows");
                new GemmCase(m, n, k, transA, transB, accumulate: true, bType: bType).CheckKernel(g => MatVecKernel.Multiply(g), "few rows");
            }
        }
    }

    [Theory]
    [InlineData(1, false, false, DType.Float32)]
    [InlineData(1, false, true, DType.Float16)]
    [InlineData(1, true, false, DType.Float32)]
    [InlineData(1, true, true, DType.BFloat16)]
    [InlineData(3, false, true, DType.Float32)]
    [InlineData(7, false, false, DType.BFloat16)]
    [InlineData(MatVecKernel.MaxRows, true, true, DType.Float16)]
    public void Multiply_GivesTheSameBits_CallAfterCall_OnALargeB(int m, bool transB, bool accumulate, DType bType)
    {
        // B of 3000×1100 (13 MB in float32, 6.6 MB in half precision): every other call walks each thread's
        // part of B backwards, in groups of rows for one row of A and row-major B. No bit may change.
        var problem = new GemmCase(m, 1100, 3000, transA: false, transB, accumulate, pad: 1, bType: bType);
        var first = problem.CheckKernel(g => MatVecKernel.Multiply(g), "large B");
        for (int call = 1; call < 4; call++)
        {
            Assert.Equal(first, problem.CheckKernel(g => MatVecKernel.Multiply(g), $"large B, call {call + 1}"));
        }
    }

    [Theory]
    [InlineData(1, false, true)]
    [InlineData(7, false, true)]
    [InlineData(8, false, false)]
    [InlineData(12, true, true)]
    [InlineData(13, true, false)]
    public void Takes_AFewRows_MoreWithTransposedB(int rows, bool transposedB, bool expected)
    {
        Assert.Equal(expected, MatVecKernel.Takes(rows, transposedB, bFloats: 768 * 3072));
    }

    [Fact]
    public void Takes_OnlyOneRow_WhenBIsSmall()
    {
        Assert.True(MatVecKernel.Takes(1, false, bFloats: 128 * 512));
        Assert.False(MatVecKernel.Takes(2, false, bFloats: 128 * 512));
        Assert.False(MatVecKernel.Takes(2, true, bFloats: 128 * 512));
    }
}
