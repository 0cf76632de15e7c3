namespace Amend.Models.HuggingFace;

/// <summary>What the server said about a cached file when it was downloaded, so a later run can tell whether it changed.</summary>
/// <param name="ETag">The content hash the hub gave (sha256 for LFS files, git blob sha1 otherwise), or null.</param>
/// <param name="Size">The size the hub gave, or null.</param>
/// <param name="Commit">The commit the revision resolved to (X-Repo-Commit), or null.</param>
internal sealed record CachedFileRecord(string? ETag, long? Size, string? Commit);
