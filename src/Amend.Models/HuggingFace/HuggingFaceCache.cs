using Amend.Models.Checkpoints;

namespace Amend.Models.HuggingFace;

/// <summary>
/// huggingface_hub's cache, read and never written: <c>{root}/models--{owner}--{name}/blobs/{etag}</c> holds each
/// file's bytes, <c>refs/{revision}</c> the commit a branch or tag pointed to when last fetched, and
/// <c>snapshots/{commit}/{file}</c> links to the blobs. A model a researcher already fetched with transformers
/// is reused from here instead of downloaded again.
/// </summary>
internal sealed class HuggingFaceCache(string root)
{
    /// <summary>The blob with content <paramref name="etag"/> and <paramref name="size"/> bytes (when known), or null.</summary>
    public string? Blob(string repoId, string etag, long? size)
    {
        if (etag.IndexOfAny(['/', '\\']) >= 0 || etag is "." or "..") return null;
        string path = Path.Combine(RepoFolder(repoId), "blobs", etag);
        return File.Exists(path) && (size is null || new FileInfo(path).Length == size) ? path : null;
    }

    /// <summary>
    /// The snapshot folder of <paramref name="revision"/> (a commit, or a branch or tag through refs/) when it holds a
    /// loadable model: config.json and model.safetensors, or the safetensors index and every shard it lists. Else null.
    /// </summary>
    public string? ModelSnapshot(string repoId, string revision)
    {
        if (Snapshot(repoId, revision) is not { } folder || !File.Exists(Path.Combine(folder, "config.json"))) return null;
        if (File.Exists(Path.Combine(folder, "model.safetensors"))) return folder;
        string index = Path.Combine(folder, SafetensorsIndex.FileName);
        try
        {
            return File.Exists(index) && SafetensorsIndex.Read(index).ShardFiles.All(shard => File.Exists(Path.Combine(folder, shard))) ? folder : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CheckpointFormatException)
        {
            return null;
        }
    }

    /// <summary>The file <paramref name="fileName"/> of <paramref name="revision"/>'s snapshot, or null.</summary>
    public string? SnapshotFile(string repoId, string revision, string fileName) =>
        Snapshot(repoId, revision) is { } folder && File.Exists(Path.Combine(folder, fileName)) ? Path.Combine(folder, fileName) : null;

    private string? Snapshot(string repoId, string revision)
    {
        string repo = RepoFolder(repoId);
        string commit = revision;
        string reference = Path.Combine(repo, "refs", revision);
        if (!HubClient.IsCommitHash(revision))
        {
            if (revision.Contains("..", StringComparison.Ordinal) || !File.Exists(reference)) return null;
            try
            {
                commit = File.ReadAllText(reference).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            if (!HubClient.IsCommitHash(commit)) return null;
        }

        string folder = Path.Combine(repo, "snapshots", commit);
        return Directory.Exists(folder) ? folder : null;
    }

    private string RepoFolder(string repoId) => Path.Combine(root, HubCache.RepoFolderName(repoId));
}
