namespace Amend.Cli.Commands;

/// <summary>This process's resident memory from /proc/self/status (Linux), in bytes; falls back to the runtime's view elsewhere.</summary>
internal static class ProcessMemory
{
    public static long PeakResidentBytes() => Read("VmHWM:") ?? Environment.WorkingSet;

    public static long ResidentBytes() => Read("VmRSS:") ?? Environment.WorkingSet;

    private static long? Read(string key)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return null;
        string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? null : long.Parse(line[key.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
