using System.Runtime.Intrinsics.X86;

namespace Amend.Tensors.Kernels;

/// <summary>
/// The level-2 cache of the core a GEMM runs on, which sets how much packed B a thread keeps at once. A
/// Sapphire Rapids core has 2 MiB, a Zen 3 core 512 KiB, so a size tuned on one overflows the other's L2
/// fourfold.
/// </summary>
/// <param name="L2Bytes">The level-2 cache of one core.</param>
internal readonly record struct CacheSizes(int L2Bytes)
{
    // Where neither CPUID nor sysfs says: a common modern core.
    private static readonly CacheSizes Fallback = new(1024 * 1024);

    /// <summary>This machine's L2, read once: CPUID on x86, else Linux's sysfs, else 1 MiB.</summary>
    public static CacheSizes Current { get; } = FromCpuId() ?? FromSysfs("/sys/devices/system/cpu/cpu0/cache") ?? Fallback;

    /// <summary>
    /// Reads CPUID's deterministic cache parameters: leaf 4 on Intel, leaf 0x8000001D on AMD (the same layout).
    /// Null when neither leaf describes an L2.
    /// </summary>
    internal static CacheSizes? FromCpuId()
    {
        if (!X86Base.IsSupported) return null;
        return FromLeaf(4) ?? (X86Base.CpuId(unchecked((int)0x80000000), 0).Eax >= unchecked((int)0x8000001D) ? FromLeaf(unchecked((int)0x8000001D)) : null);
    }

    private static CacheSizes? FromLeaf(int leaf)
    {
        int l2 = 0;
        for (int index = 0; index < 16; index++)
        {
            var (eax, ebx, ecx, _) = X86Base.CpuId(leaf, index);
            int type = eax & 0x1F, level = (eax >> 5) & 0x7;
            if (type == 0) break;

            // Ways × partitions × line size × sets, each stored minus one.
            long bytes = (long)(((ebx >> 22) & 0x3FF) + 1) * (((ebx >> 12) & 0x3FF) + 1) * ((ebx & 0xFFF) + 1) * ((long)(uint)ecx + 1);
            if (level == 2 && type is 1 or 3) l2 = (int)Math.Min(bytes, int.MaxValue);
        }

        return Plausible(l2);
    }

    /// <summary>Reads Linux's description of a CPU's caches (index*/level, type and size, e.g. "2048K").</summary>
    internal static CacheSizes? FromSysfs(string folder)
    {
        if (!Directory.Exists(folder)) return null;
        int l2 = 0;
        foreach (string index in Directory.EnumerateDirectories(folder, "index*"))
        {
            string? level = ReadLine(Path.Combine(index, "level")), type = ReadLine(Path.Combine(index, "type"));
            if (level == "2" && type is "Data" or "Unified") l2 = ParseSize(ReadLine(Path.Combine(index, "size")));
        }

        return Plausible(l2);
    }

    // A virtual machine may report nonsense; an L2 outside 128 KiB–64 MiB is ignored.
    private static CacheSizes? Plausible(int l2) => l2 is >= 128 * 1024 and <= 64 * 1024 * 1024 ? new CacheSizes(l2) : null;

    private static string? ReadLine(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    // "48K", "2048K", "32M" or a plain byte count; 0 when unreadable.
    private static int ParseSize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        int scale = char.ToUpperInvariant(text[^1]) switch { 'K' => 1024, 'M' => 1024 * 1024, _ => 1 };
        string digits = scale == 1 ? text : text[..^1];
        return int.TryParse(digits, out int value) && value > 0 && value <= int.MaxValue / scale ? value * scale : 0;
    }
}
