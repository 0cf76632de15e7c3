using Amend.Tensors.Kernels;

namespace Amend.Tensors.Tests.Kernels;

public sealed class GemmTests
{
    // Odd sizes cross every edge of the 8×48 and 6×16 tiles; 600 splits the depth into two blocks;
    // the 70×90×80 shapes are large enough to run on several threads.
    public static TheoryData<int, int, int> OddShapes => new()
    {
        { 1, 1, 1 }, { 1, 7, 17 }, { 7, 1, 33 }, { 2, 3, 1 }, { 7, 17, 33 }, { 17, 65, 7 }, { 16, 48, 64 },
        { 33, 129, 65 }, { 65, 33, 129 }, { 129, 49, 17 }, { 9, 97, 600 }, { 70, 90, 80 }, { 1, 129, 300 },
    };

    [Theory]
    [MemberData(nameof(OddShapes))]
    public void Multiply_MatchesNaive_ForOddShapesAndEveryTranspose(int m, int n, int k)
    {
        foreach (var (transA, transB) in Transposes)
        {
            new GemmCase(m, n, k, transA, transB).CheckPublicGemm();
        }
    }

    [Theory]
    [InlineData(12, 131, 70)]
    [InlineData(20, 67, 600)]
    [InlineData(28, 1100, 33)]
    public void Multiply_MatchesNaive_WhenAFewRowsFollowWholePanels(int m, int n, int k)
    {
        // Up to 4 rows past whole 8-row panels are streamed separately (with row-major B).
        foreach (var (transA, transB) in Transposes)
        {
            new GemmCase(m, n, k, transA, transB, pad: 3).CheckPublicGemm();
            new GemmCase(m, n, k, transA, transB, accumulate: true, bType: DType.BFloat16).CheckPublicGemm();
        }
    }

    [Theory]
    [InlineData(1, 65, 33)]
    [InlineData(17, 49, 600)]
    [InlineData(70, 90, 80)]
    public void Multiply_AddsToC_WhenAccumulating(int m, int n, int k)
    {
        foreach (var (transA, transB) in Transposes)
        {
            new GemmCase(m, n, k, transA, transB, accumulate: true).CheckPublicGemm();
        }
    }

    [Theory]
    [InlineData(1, 33, 17)]
    [InlineData(9, 50, 40)]
    [InlineData(70, 90, 600)]
    public void Multiply_ReadsLeadingDimensions_AndLeavesRowPaddingUntouched(int m, int n, int k)
    {
        foreach (var (transA, transB) in Transposes)
        {
            new GemmCase(m, n, k, transA, transB, accumulate: true, pad: 5).CheckPublicGemm();
        }
    }

    [Theory]
    [InlineData(DType.Float16)]
    [InlineData(DType.BFloat16)]
    public void Multiply_WithHalfPrecisionB_MatchesNaiveOnWidenedB(DType bType)
    {
        foreach (var (m, n, k) in new[] { (1, 67, 33), (1, 129, 300), (16, 96, 64), (33, 49, 400), (70, 90, 80) })
        {
            foreach (var (transA, transB) in Transposes)
            {
                new GemmCase(m, n, k, transA, transB, accumulate: m == 16, pad: m == 33 ? 3 : 0, bType: bType).CheckPublicGemm();
            }
        }
    }

    [Fact]
    public void Multiply_ClearsC_WhenDepthIsZero_UnlessAccumulating()
    {
        float[] c = [1, 2, 3, 4, 5, 6];

        Gemm.Multiply(false, false, 2, 2, 0, [], 1, [], 2, c, 3, accumulate: true);
        Assert.Equal([1f, 2, 3, 4, 5, 6], c);

        Gemm.Multiply(false, false, 2, 2, 0, [], 1, [], 2, c, 3);
        Assert.Equal([0f, 0, 3, 0, 0, 6], c);
    }

    [Theory]
    [InlineData("A", 7 * 5 - 1, 5 * 3, 7 * 3)]
    [InlineData("B", 7 * 5, 5 * 3 - 1, 7 * 3)]
    [InlineData("C", 7 * 5, 5 * 3, 7 * 3 - 1)]
    public void Multiply_Throws_NamingTheOperand_WhenASpanIsTooShort(string operand, int aLength, int bLength, int cLength)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 7, 3, 5, new float[aLength], 5, new float[bLength], 3, new float[cLength], 3));

        Assert.StartsWith($"Gemm: {operand} (stored", error.Message);
        Assert.Contains("elements, the span has", error.Message);
        Assert.Equal(operand.ToLowerInvariant(), error.ParamName);
    }

    [Fact]
    public void Multiply_Throws_WhenALeadingDimensionIsShorterThanItsRow()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.Multiply(false, true, 2, 3, 4, new float[8], 4, new float[12], 3, new float[6], 3));

        Assert.Equal("ldb", error.ParamName);
        Assert.Contains("B (stored 3×4, transposed, leading dimension 3)", error.Message);
    }

    [Fact]
    public void Multiply_Throws_WhenASizeIsNegative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(false, false, -1, 1, 1, [1f], 1, [1f], 1, new float[1], 1));
    }

    [Fact]
    public void Multiply_Throws_WhenCOverlapsA()
    {
        var buffer = new float[8];

        var error = Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 2, buffer.AsSpan(0, 4), 2, new float[4], 2, buffer.AsSpan(2, 4), 2));

        Assert.Contains("C overlaps", error.Message);
    }

    [Fact]
    public void Multiply_Throws_WhenHalfPrecisionBIsTaggedFloat32()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(false, false, 1, 1, 1, [1f], 1, new ushort[1], DType.Float32, 1, new float[1], 1));

        Assert.Equal("bType", error.ParamName);
    }

    internal static (bool TransA, bool TransB)[] Transposes { get; } = [(false, false), (true, false), (false, true), (true, true)];
}
