using System.Security.Cryptography;
using System.Text;

namespace Amend.Models.HuggingFace;

/// <summary>
/// Checks a downloaded file against what the hub promised: its size, and its hash when the ETag is one
/// (64 hex digits: the sha256 of an LFS file; 40 hex digits: the git blob sha1 of a small file).
/// </summary>
internal static class ContentCheck
{
    /// <summary>Null when the file matches, else what differs.</summary>
    public static string? Mismatch(string path, HubFileMetadata metadata)
    {
        long length = new FileInfo(path).Length;
        if (metadata.Size is long size && length != size) return $"size {length} bytes, expected {size}";
        if (metadata.ETag is not { } etag || !IsHex(etag)) return null;
        string? actual = etag.Length switch
        {
            64 => Hash(path, SHA256.Create(), prefix: null),
            40 => Hash(path, SHA1.Create(), Encoding.ASCII.GetBytes($"blob {length}\0")),
            _ => null,
        };
        return actual is null || actual.Equals(etag, StringComparison.OrdinalIgnoreCase) ? null : $"{(etag.Length == 64 ? "sha256" : "git sha1")} {actual}, expected {etag}";
    }

    // Git names a blob by sha1("blob <size>\0" + content), which is what the hub sends as ETag for non-LFS files.
    private static string Hash(string path, HashAlgorithm algorithm, byte[]? prefix)
    {
        using (algorithm)
        using (var stream = File.OpenRead(path))
        {
            if (prefix is not null) algorithm.TransformBlock(prefix, 0, prefix.Length, null, 0);
            var buffer = new byte[1 << 20];
            for (int read; (read = stream.Read(buffer)) > 0;) algorithm.TransformBlock(buffer, 0, read, null, 0);
            algorithm.TransformFinalBlock([], 0, 0);
            return Convert.ToHexStringLower(algorithm.Hash!);
        }
    }

    private static bool IsHex(string value) => value.All(char.IsAsciiHexDigit);
}
