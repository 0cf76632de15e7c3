namespace Amend.Models.Checkpoints;

/// <summary>Tells a file held unshared by another handle or process from other I/O failures.</summary>
public static class SharingViolation
{
    /// <summary>
    /// Whether <paramref name="e"/> says the file is held by another handle: .NET's lock (flock) refused with
    /// EWOULDBLOCK on Linux (11) and macOS (35), or ERROR_SHARING_VIOLATION on Windows.
    /// </summary>
    public static bool Is(IOException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.HResult is 11 or 35 or unchecked((int)0x80070020);
    }
}
