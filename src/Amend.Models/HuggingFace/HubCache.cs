using System.Text.Json;
using System.Text.RegularExpressions;
using Amend.Models.Checkpoints;

namespace Amend.Models.HuggingFace;

/// <summary>
/// The download cache. Layout, per repository and revision:
/// <c>{root}/models--{owner}--{name}/snapshots/{revision}/{file}</c> holds the files (a model folder that
/// loaders open directly) and <c>…/meta/{revision}/</c> holds what the server said about each file
/// (<c>{file}.json</c>), partial downloads (<c>{file}.{etag}.part</c>), a lock per file held while it is
/// downloaded (<c>{file}.lock</c>) and the list of a model's files.
/// </summary>
internal sealed partial class HubCache(string root)
{
    private const string ManifestName = "model-files.json";

    public string Root => root;

    /// <summary>Checks that a repository id is "name" or "owner/name" in the characters the hub allows (no "--" or "..", which would make cache paths ambiguous).</summary>
    public static void ValidateRepoId(string repoId)
    {
        if (string.IsNullOrEmpty(repoId) || !RepoIdPattern().IsMatch(repoId) || repoId.Contains("--", StringComparison.Ordinal) || repoId.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{repoId}' is not a Hugging Face repository id (\"name\" or \"owner/name\": letters, digits, '-', '_', '.')", nameof(repoId));
        }
    }

    /// <summary>Checks that a revision (branch, tag or commit) can name a cache folder once escaped.</summary>
    public static void ValidateRevision(string revision)
    {
        if (string.IsNullOrWhiteSpace(revision) || revision is "." or ".." || revision.Any(char.IsControl))
        {
            throw new ArgumentException($"'{revision}' is not a revision (a branch, tag or commit hash)", nameof(revision));
        }
    }

    /// <summary>Checks that a file name is a plain name at the top of the repository (no wildcards: part files are found by pattern).</summary>
    public static void ValidateFileName(string fileName)
    {
        if (string.IsNullOrEmpty(fileName) || fileName is "." or ".." || fileName.IndexOfAny(['/', '\\', '\0', '*', '?']) >= 0 || fileName.Any(char.IsControl))
        {
            throw new ArgumentException($"'{fileName}' is not a plain file name at the top of a repository", nameof(fileName));
        }
    }

    public string SnapshotFolder(string repoId, string revision) => Path.Combine(RepoFolder(repoId), "snapshots", Uri.EscapeDataString(revision));

    public string FilePath(string repoId, string revision, string fileName) => Path.Combine(SnapshotFolder(repoId, revision), fileName);

    public string MetaFolder(string repoId, string revision) => Path.Combine(RepoFolder(repoId), "meta", Uri.EscapeDataString(revision));

    /// <summary>Where a partial download of a given content lives; a different ETag (the file changed upstream) gets a different part file.</summary>
    public string PartPath(string repoId, string revision, string fileName, string etag) =>
        Path.Combine(MetaFolder(repoId, revision), $"{fileName}.{ShortHash.Of(etag)}.part");

    /// <summary>The file a process holds open, unshared, while it downloads <paramref name="fileName"/>.</summary>
    public string LockPath(string repoId, string revision, string fileName) => Path.Combine(MetaFolder(repoId, revision), fileName + ".lock");

    /// <summary>Deletes partial downloads of <paramref name="fileName"/> other than <paramref name="keep"/>.</summary>
    public void DeleteOtherParts(string repoId, string revision, string fileName, string keep)
    {
        string folder = MetaFolder(repoId, revision);
        if (!Directory.Exists(folder)) return;
        foreach (var part in Directory.EnumerateFiles(folder, fileName + ".*.part"))
        {
            if (part != keep) File.Delete(part);
        }
    }

    public CachedFileRecord? ReadRecord(string repoId, string revision, string fileName) =>
        ReadJson<CachedFileRecord>(Path.Combine(MetaFolder(repoId, revision), fileName + ".json"));

    public void WriteRecord(string repoId, string revision, string fileName, CachedFileRecord record) =>
        WriteJson(Path.Combine(MetaFolder(repoId, revision), fileName + ".json"), record);

    /// <summary>The files a completed model download fetched, or null when no model download of this revision completed.</summary>
    public IReadOnlyList<string>? ReadManifest(string repoId, string revision) =>
        ReadJson<string?[]>(Path.Combine(MetaFolder(repoId, revision), ManifestName)) is { } files && files.All(f => !string.IsNullOrEmpty(f)) ? [.. files.OfType<string>()] : null;

    /// <summary>
    /// Records a completed model download: the manifest (written only when it changed, so a read-only cache that is
    /// current still serves) and the removal of model files an earlier version had and this one has not (a
    /// repository that went from shards to one file must not keep loading its old index).
    /// </summary>
    public void CompleteModel(string repoId, string revision, IReadOnlyList<string> files, Func<string, bool> isModelFile)
    {
        if (ReadManifest(repoId, revision) is not { } old || !old.SequenceEqual(files, StringComparer.Ordinal))
        {
            WriteJson(Path.Combine(MetaFolder(repoId, revision), ManifestName), files);
        }

        foreach (var path in Directory.EnumerateFiles(SnapshotFolder(repoId, revision)))
        {
            string name = Path.GetFileName(path);
            if (files.Contains(name, StringComparer.Ordinal) || !isModelFile(name)) continue;
            File.Delete(path);
            File.Delete(Path.Combine(MetaFolder(repoId, revision), name + ".json"));
        }
    }

    /// <summary>A repository's folder name in a hub cache, Amend's and huggingface_hub's alike: <c>models--{owner}--{name}</c>.</summary>
    public static string RepoFolderName(string repoId) => "models--" + repoId.Replace("/", "--", StringComparison.Ordinal);

    private string RepoFolder(string repoId) => Path.Combine(root, RepoFolderName(repoId));

    // A damaged metadata file only costs a re-download, so it reads as absent instead of failing.
    private static T? ReadJson<T>(string path)
        where T : class
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllBytes(path));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void WriteJson<T>(string path, T value)
    {
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(value);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?$")]
    private static partial Regex RepoIdPattern();
}
