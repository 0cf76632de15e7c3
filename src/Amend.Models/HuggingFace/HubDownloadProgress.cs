namespace Amend.Models.HuggingFace;

/// <summary>Progress of one file: reported when it starts, after each received block, and when it is complete (also for cache hits).</summary>
/// <param name="RepoId">The repository.</param>
/// <param name="FileName">The file within the repository.</param>
/// <param name="BytesDone">Bytes on disk so far, including those of a resumed earlier attempt.</param>
/// <param name="TotalBytes">The file's size when the server stated it, else null.</param>
/// <param name="FromCache">True when the file was already cached and nothing was transferred.</param>
public readonly record struct HubDownloadProgress(string RepoId, string FileName, long BytesDone, long? TotalBytes, bool FromCache);
