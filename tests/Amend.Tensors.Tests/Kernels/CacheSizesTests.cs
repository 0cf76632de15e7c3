using System.Runtime.Intrinsics.X86;
using Amend.Tensors.Kernels;

namespace Amend.Tensors.Tests.Kernels;

/// <summary>The L2 size that sets the GEMM's packed B groups: CPUID, Linux's sysfs, and what neither says.</summary>
public sealed class CacheSizesTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"amend-cache-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void FromSysfs_ReadsTheL2_NotTheL1OrL3()
    {
        WriteIndex(0, "1", "Data", "48K");
        WriteIndex(1, "1", "Instruction", "32K");
        WriteIndex(2, "2", "Unified", "2048K");
        WriteIndex(3, "3", "Unified", "105M");

        Assert.Equal(new CacheSizes(2 * 1024 * 1024), CacheSizes.FromSysfs(folder));
    }

    [Fact]
    public void FromSysfs_SkipsAnInstructionCacheAtLevel2()
    {
        WriteIndex(0, "2", "Data", "1M");
        WriteIndex(1, "2", "Instruction", "256K");

        Assert.Equal(new CacheSizes(1024 * 1024), CacheSizes.FromSysfs(folder));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("")]
    [InlineData("4K")]
    [InlineData("99999999999K")]
    public void FromSysfs_IsNull_WhenTheL2SizeIsUnreadableOrImplausible(string l2)
    {
        WriteIndex(0, "1", "Data", "32K");
        WriteIndex(1, "2", "Unified", l2);

        Assert.Null(CacheSizes.FromSysfs(folder));
    }

    [Fact]
    public void FromSysfs_IsNull_WhenTheFolderIsMissing()
    {
        Assert.Null(CacheSizes.FromSysfs(folder));
    }

    [Fact]
    public void FromCpuId_AgreesWithLinux_WhereBothDescribeTheCaches()
    {
        var sysfs = CacheSizes.FromSysfs("/sys/devices/system/cpu/cpu0/cache");
        var cpuid = CacheSizes.FromCpuId();
        if (X86Base.IsSupported && OperatingSystem.IsLinux())
        {
            Assert.NotNull(sysfs);
            Assert.Equal(sysfs, cpuid);
        }
        else if (!X86Base.IsSupported)
        {
            Assert.Null(cpuid);
        }

        Assert.True(CacheSizes.Current.L2Bytes >= 128 * 1024, $"{CacheSizes.Current}");
    }

    private void WriteIndex(int index, string level, string type, string size)
    {
        string path = Path.Combine(folder, $"index{index}");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "level"), level + "\n");
        File.WriteAllText(Path.Combine(path, "type"), type + "\n");
        File.WriteAllText(Path.Combine(path, "size"), size + "\n");
    }
}
