using Amend.Tensors.Kernels;

namespace Amend.Tensors.Tests.Kernels;

// The public entry picks one micro-kernel for this CPU; these run each explicitly (Vector512/256/128
// fall back to software where the hardware lacks them, so all of them run everywhere).
public sealed class BlockedGemmTests
{
    // Shapes that cross tile edges, the small-M in-place path (m ≤ 4·MR), several depth blocks (k > 512,
    // or a wide B read in place: 16×3000 takes 87-deep blocks), several row blocks (m > 256·MR), and
    // column splits between threads that end strips in whole vectors (n = 1024: a 32-wide strip each,
    // read in place for 16 rows and with partial rows for 3) or inside one (n = 1000), and packed B in more
    // than one L2-sized group per thread (40×2200×520).
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 2, 3, 5 }, { 16, 96, 64 }, { 33, 49, 600 }, { 16, 3000, 200 }, { 70, 90, 80 }, { 2100, 20, 40 },
        { 40, 1024, 16 }, { 16, 1000, 40 }, { 16, 1024, 40 }, { 3, 1024, 100 }, { 40, 2200, 520 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Avx512Kernel_MatchesNaive(int m, int n, int k) => CheckEveryVariant(m, n, k, g => BlockedGemm<MicroKernel512>.Multiply(g), "8×48");

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Avx2Kernel_MatchesNaive(int m, int n, int k) => CheckEveryVariant(m, n, k, g => BlockedGemm<MicroKernel256>.Multiply(g), "6×16");

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Vector128Kernel_MatchesNaive(int m, int n, int k) => CheckEveryVariant(m, n, k, g => BlockedGemm<MicroKernel128>.Multiply(g), "8×12");

    // Small M with unpadded float32 B rows a multiple of 4 KiB apart: the first of three or more panels copies
    // each whole strip as it reads it in place, and the others read the copy (20 rows: 4 panels of 6, 3 of 8;
    // 2048 columns end each thread's share inside a 48-wide strip, which is read in place by every panel).
    [Theory]
    [InlineData(20, 2048, 300)]
    [InlineData(24, 1024, 70)]
    public void StripsCopiedByTheFirstPanel_MatchNaive(int m, int n, int k)
    {
        foreach (bool accumulate in new[] { false, true })
        {
            var problem = new GemmCase(m, n, k, transA: false, transB: false, accumulate);
            problem.CheckKernel(g => BlockedGemm<MicroKernel512>.Multiply(g), "8×48");
            problem.CheckKernel(g => BlockedGemm<MicroKernel256>.Multiply(g), "6×16");
            problem.CheckKernel(g => BlockedGemm<MicroKernel128>.Multiply(g), "8×12");
        }
    }

    private static void CheckEveryVariant(int m, int n, int k, GemmKernel kernel, string name)
    {
        foreach (var (transA, transB) in GemmTests.Transposes)
        {
            new GemmCase(m, n, k, transA, transB, pad: 3).CheckKernel(kernel, name);
            new GemmCase(m, n, k, transA, transB, accumulate: true, bType: DType.BFloat16).CheckKernel(kernel, name);
        }
    }
}
