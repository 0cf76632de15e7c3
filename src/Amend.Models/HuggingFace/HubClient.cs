using System.Collections.Concurrent;
using System.Net;
using Amend.Models.Checkpoints;

namespace Amend.Models.HuggingFace;

/// <summary>
/// Downloads models from the Hugging Face Hub (or a mirror) into a local cache and returns the folder:
/// <c>await hub.DownloadModelAsync("gpt2")</c>. Transfers resume after interruptions, are checked against the
/// size and sha256 the hub states, and land in place by rename. Files already cached with the same ETag are
/// not fetched again; with <see cref="HubOptions.Offline"/> the network is never touched.
/// </summary>
public sealed class HubClient : IDisposable
{
    /// <summary>Files a causal LM folder may have besides its weights; each is fetched when the repository has it.</summary>
    private static readonly string[] s_optionalFiles =
    [
        "generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
        "added_tokens.json", "vocab.json", "merges.txt", "tokenizer.model",
    ];

    private static readonly TimeSpan s_lockPoll = TimeSpan.FromMilliseconds(200);

    private readonly HubCache _cache;
    private readonly HuggingFaceCache? _huggingFace;
    private readonly HubHttp _http;
    private readonly ConcurrentQueue<string> _warnings = new();

    /// <summary>Creates a client; <paramref name="options"/> default to the public hub and <c>~/.cache/amend/hub</c>.</summary>
    public HubClient(HubOptions? options = null)
    {
        Options = options ?? new HubOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxAttempts, 1, nameof(options));
        _cache = new HubCache(Options.CacheDirectory);
        _huggingFace = Options.HuggingFaceCacheDirectory is { } hf ? new HuggingFaceCache(hf) : null;
        _http = new HubHttp(Options);
    }

    /// <summary>The options this client was created with.</summary>
    public HubOptions Options { get; }

    /// <summary>What this client did instead of what was asked, to show the user: a cached copy used because the hub was unreachable, a wait for another process.</summary>
    public IReadOnlyCollection<string> Warnings => _warnings;

    /// <summary>Whether <paramref name="revision"/> is a full commit hash (40 lowercase hex digits), which names content that never changes.</summary>
    public static bool IsCommitHash(string revision) => revision.Length == 40 && revision.All(char.IsAsciiHexDigitLower);

    /// <summary>The cache folder that holds the files of <paramref name="repoId"/> at <paramref name="revision"/> (it may not exist yet).</summary>
    public string CacheFolder(string repoId, string revision = "main")
    {
        Validate(repoId, revision);
        return _cache.SnapshotFolder(repoId, revision);
    }

    /// <summary>
    /// Fetches what a causal language model needs: config.json, the generation and tokenizer files the repository
    /// has, and its safetensors weights (model.safetensors, or the index and every shard it lists), all from the
    /// commit config.json came from. A complete cached copy is used without asking the hub when the revision is a
    /// commit hash, and with a warning (<see cref="Warnings"/>) when the hub cannot be reached.
    /// </summary>
    /// <returns>The local model folder (Amend's cache, or huggingface_hub's snapshot when only that holds the model offline).</returns>
    /// <exception cref="HubException">The repository, revision or config is not found, the repository has no safetensors weights
    /// (the message says how to convert pickle weights), a transfer fails or does not match its hash, or offline and not cached.</exception>
    public async Task<string> DownloadModelAsync(string repoId, string revision = "main", IProgress<HubDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Validate(repoId, revision);
        if (Options.Offline) return CachedModel(repoId, revision, progress, out string? why) ?? throw new HubException(repoId, null, why!);
        if (IsCommitHash(revision) && CachedModel(repoId, revision, progress, out _) is { } pinned) return pinned;
        try
        {
            return await FetchModelAsync(repoId, revision, progress, cancellationToken);
        }
        catch (HubException e) when (e.IsUnreachable)
        {
            // As huggingface_hub: a network that is down is no reason to refuse a model that is here.
            if (CachedModel(repoId, revision, progress, out _) is not { } cached) throw;
            _warnings.Enqueue($"{e.Message}; using the copy cached in {cached}");
            return cached;
        }
    }

    /// <summary>Fetches one file (a plain name at the top of the repository) and returns its local path.</summary>
    /// <exception cref="HubException">Not found (the message names repository, revision and file), a failed or corrupt transfer, or offline and not cached.</exception>
    public async Task<string> DownloadFileAsync(string repoId, string fileName, string revision = "main", IProgress<HubDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Validate(repoId, revision);
        HubCache.ValidateFileName(fileName);
        string cached = _cache.FilePath(repoId, revision, fileName);
        if (IsCommitHash(revision) && _cache.ReadRecord(repoId, revision, fileName) is not null && File.Exists(cached)) return ReportCached(cached, repoId, fileName, progress);

        return (await FetchAsync(repoId, revision, revision, fileName, optional: false, progress, cancellationToken))!.Path;
    }

    /// <summary>Releases the HTTP connections.</summary>
    public void Dispose() => _http.Dispose();

    private async Task<string> FetchModelAsync(string repoId, string revision, IProgress<HubDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var config = (await FetchAsync(repoId, revision, revision, "config.json", optional: false, progress, cancellationToken))!;

        // Every other file from the commit config.json came from, as transformers does: a push while shards
        // download cannot mix two versions of the model.
        string commit = config.Commit ?? revision;
        var files = new List<string> { config.Path };
        foreach (var optional in s_optionalFiles)
        {
            if (await FetchAsync(repoId, revision, commit, optional, optional: true, progress, cancellationToken) is { } fetched) files.Add(fetched.Path);
        }

        files.AddRange(await FetchWeightsAsync(repoId, revision, commit, progress, cancellationToken));
        try
        {
            _cache.CompleteModel(repoId, revision, files.Select(f => Path.GetFileName(f)).ToArray(), IsModelFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HubException(repoId, null, $"{repoId}@{revision}: the files are downloaded, but the cache ({_cache.Root}) could not record them ({e.Message}); fix its permissions or free space (AMEND_HUB_CACHE moves it)", inner: e);
        }

        return _cache.SnapshotFolder(repoId, revision);
    }

    private static bool IsModelFile(string name) =>
        name is "config.json" or SafetensorsIndex.FileName || name.EndsWith(".safetensors", StringComparison.Ordinal) || s_optionalFiles.Contains(name, StringComparer.Ordinal);

    private async Task<IEnumerable<string>> FetchWeightsAsync(string repoId, string revision, string commit, IProgress<HubDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        if (await FetchAsync(repoId, revision, commit, "model.safetensors", optional: true, progress, cancellationToken) is { } single) return [single.Path];
        if (await FetchAsync(repoId, revision, commit, SafetensorsIndex.FileName, optional: true, progress, cancellationToken) is { } index)
        {
            var paths = new List<string> { index.Path };
            foreach (var shard in SafetensorsIndex.Read(index.Path).ShardFiles)
            {
                HubCache.ValidateFileName(shard);
                paths.Add((await FetchAsync(repoId, revision, commit, shard, optional: false, progress, cancellationToken))!.Path);
            }

            return paths;
        }

        bool pickle = await ExistsAsync(repoId, commit, "pytorch_model.bin", cancellationToken) || await ExistsAsync(repoId, commit, "pytorch_model.bin.index.json", cancellationToken);
        string hint = pickle
            ? "it has only pytorch_model.bin weights, which Amend does not load (unpickling can run code). Look on the hub for a safetensors revision (e.g. a refs/pr/N branch opened by the conversion bot), or convert it once with transformers: AutoModelForCausalLM.from_pretrained(path).save_pretrained(out, safe_serialization=True)"
            : $"it has neither model.safetensors nor {SafetensorsIndex.FileName}";
        throw new HubException(repoId, null, $"{repoId}@{revision}: no safetensors weights: {hint}");
    }

    /// <summary>
    /// The local path of one file (cached under <paramref name="revision"/>, asked for at <paramref name="resolveAt"/>)
    /// and the commit it came from, downloading it unless the cache holds the same content. Null when optional and absent.
    /// </summary>
    private async Task<Fetched?> FetchAsync(string repoId, string revision, string resolveAt, string fileName, bool optional, IProgress<HubDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        string destination = _cache.FilePath(repoId, revision, fileName);
        if (Options.Offline)
        {
            if (File.Exists(destination)) return new(ReportCached(destination, repoId, fileName, progress), null);
            if (_huggingFace?.SnapshotFile(repoId, revision, fileName) is { } theirs) return new(ReportCached(theirs, repoId, fileName, progress), null);
            throw new HubException(repoId, fileName, $"{repoId}@{revision}: '{fileName}' is not in the cache ({destination}) and offline mode is on; download it once with the network available");
        }

        var metadata = await HeadAsync(repoId, resolveAt, fileName, optional, cancellationToken);
        if (metadata is null) return null;

        // As huggingface_hub: without an ETag nothing can verify the bytes, nor tell a cached copy from a new one.
        if (metadata.ETag is null)
        {
            throw new HubException(repoId, fileName, $"{repoId}@{revision}: {Options.Endpoint} sent no ETag for '{fileName}', so its content cannot be verified or cached; a hub mirror (HF_ENDPOINT) must send the ETag headers huggingface.co sends");
        }

        if (metadata.Size < 0) throw new HubException(repoId, fileName, $"{repoId}@{revision}: {Options.Endpoint} gave '{fileName}' a negative size ({metadata.Size} bytes)");
        if (Cached(repoId, revision, fileName, metadata, progress) is { } cached) return cached;
        try
        {
            using (await LockAsync(repoId, revision, fileName, cancellationToken))
            {
                // Another process may have fetched it while this one waited for the lock.
                return Cached(repoId, revision, fileName, metadata, progress) ?? await TransferAsync(repoId, revision, fileName, metadata, progress, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HubException(repoId, fileName, $"{repoId}@{revision}: could not store '{fileName}' in the cache ({_cache.Root}: {e.Message}); free space or fix its permissions (AMEND_HUB_CACHE moves it) and run again", inner: e);
        }
    }

    /// <summary>The cached file when it holds <paramref name="metadata"/>'s content, else null.</summary>
    private Fetched? Cached(string repoId, string revision, string fileName, HubFileMetadata metadata, IProgress<HubDownloadProgress>? progress)
    {
        string destination = _cache.FilePath(repoId, revision, fileName);
        var record = _cache.ReadRecord(repoId, revision, fileName);
        if (!File.Exists(destination) || record is null || record.ETag != metadata.ETag || (metadata.Size ?? new FileInfo(destination).Length) != new FileInfo(destination).Length) return null;

        // Unchanged in a newer commit: the record follows, so a complete snapshot names one commit throughout.
        // A read-only cache keeps the old record; only an offline load of a half-updated snapshot would notice.
        if (record.Commit != metadata.Commit)
        {
            try
            {
                _cache.WriteRecord(repoId, revision, fileName, record with { Commit = metadata.Commit });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _warnings.Enqueue($"{repoId}@{revision}: could not update the cache record of '{fileName}' ({e.Message})");
            }
        }

        return new(ReportCached(destination, repoId, fileName, progress), metadata.Commit);
    }

    private async Task<Fetched> TransferAsync(string repoId, string revision, string fileName, HubFileMetadata metadata, IProgress<HubDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        string destination = _cache.FilePath(repoId, revision, fileName);
        string part = _cache.PartPath(repoId, revision, fileName, metadata.ETag!);
        _cache.DeleteOtherParts(repoId, revision, fileName, keep: part);
        if (_huggingFace?.Blob(repoId, metadata.ETag!, metadata.Size) is { } blob)
        {
            File.Copy(blob, part, overwrite: true);
            ReportCached(part, repoId, fileName, progress);
        }
        else
        {
            await new ResumableDownload(_http, Options, repoId, fileName, progress).RunAsync(metadata, part, cancellationToken);
        }

        if (ContentCheck.Mismatch(part, metadata) is { } mismatch)
        {
            File.Delete(part);
            throw new HubException(repoId, fileName, $"{repoId}@{revision}: downloaded '{fileName}' does not match the hub ({mismatch}); the corrupt file was deleted, run again to retry");
        }

        // From here on the record vouches for these bytes by ETag and size alone: they must reach the disk first.
        using (var written = new FileStream(part, FileMode.Open, FileAccess.ReadWrite)) written.Flush(flushToDisk: true);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Move(part, destination, overwrite: true);
        _cache.WriteRecord(repoId, revision, fileName, new CachedFileRecord(metadata.ETag, metadata.Size, metadata.Commit));
        return new(destination, metadata.Commit);
    }

    /// <summary>
    /// Holds <paramref name="fileName"/>'s lock file open and unshared; a process that holds it already is waited for.
    /// Other failures (a cache that cannot be written) are the caller's to report.
    /// </summary>
    private async Task<FileStream> LockAsync(string repoId, string revision, string fileName, CancellationToken cancellationToken)
    {
        string path = _cache.LockPath(repoId, revision, fileName);
        for (bool told = false; ; told = true)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e) when (SharingViolation.Is(e))
            {
                if (!told) _warnings.Enqueue($"{repoId}@{revision}: another process is downloading '{fileName}'; waiting for it ({path})");
                await Task.Delay(s_lockPoll, cancellationToken);
            }
        }
    }

    private async Task<HubFileMetadata?> HeadAsync(string repoId, string revision, string fileName, bool optional, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            var uri = FileUri(repoId, revision, fileName);
            HttpResponseMessage response;
            try
            {
                (response, uri) = await _http.HeadAsync(uri, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                bool unresolved = HubHttp.IsNameNotResolved(e);
                if (HubHttp.IsTransient(e, cancellationToken) && !unresolved && attempt < Options.MaxAttempts)
                {
                    await Task.Delay(Options.RetryWait(attempt), cancellationToken);
                    continue;
                }

                string why = e is OperationCanceledException ? $"no answer in {Options.MetadataTimeout.TotalSeconds:0.#} s; HF_HUB_ETAG_TIMEOUT sets how long to wait"
                    : unresolved ? $"{e.Message}: the host name did not resolve, so it was not tried again"
                    : e.Message;
                string tries = attempt > 1 ? $" in {attempt} tries" : "";
                throw new HubException(repoId, fileName, $"{repoId}: could not reach {Options.Endpoint} for '{fileName}'{tries} ({why}); to use files already cached, pass --offline (HF_HUB_OFFLINE=1; HubOptions.Offline in code)", inner: e)
                {
                    IsUnreachable = HubHttp.IsTransient(e, cancellationToken),
                };
            }

            using (response)
            {
                if ((int)response.StatusCode < 400) return HubFileMetadata.From(response, uri);

                // A busy or restarting server (5xx, 429) is asked again, after the wait it asks for.
                if (HubHttp.IsTransient(response.StatusCode) && attempt < Options.MaxAttempts)
                {
                    await Task.Delay(Options.RetryWait(attempt, HubHttp.RetryAfter(response)), cancellationToken);
                    continue;
                }

                string? code = HubHttp.Header(response.Headers, "X-Error-Code");
                if (response.StatusCode == HttpStatusCode.NotFound && optional && code is not ("RepoNotFound" or "RepositoryNotFound" or "RevisionNotFound")) return null;
                throw HubErrors.ForStatus(repoId, revision, fileName, response.StatusCode, code, HubHttp.Header(response.Headers, "X-Error-Message"), Options.Endpoint, tokenSent: Options.Token is not null);
            }
        }
    }

    private async Task<bool> ExistsAsync(string repoId, string revision, string fileName, CancellationToken cancellationToken) =>
        await HeadAsync(repoId, revision, fileName, optional: true, cancellationToken) is not null;

    /// <summary>
    /// The folder of a complete cached copy (Amend's, else huggingface_hub's snapshot), with every file reported as
    /// cached; null with <paramref name="why"/> saying what is missing.
    /// </summary>
    private string? CachedModel(string repoId, string revision, IProgress<HubDownloadProgress>? progress, out string? why)
    {
        string folder = _cache.SnapshotFolder(repoId, revision);
        why = Incomplete(repoId, revision, folder, out var files);
        if (why is null)
        {
            foreach (var file in files!) ReportCached(Path.Combine(folder, file), repoId, file, progress);
            return folder;
        }

        if (_huggingFace?.ModelSnapshot(repoId, revision) is not { } theirs) return null;
        foreach (var file in Directory.EnumerateFiles(theirs)) ReportCached(file, repoId, Path.GetFileName(file), progress);
        why = null;
        return theirs;
    }

    private string? Incomplete(string repoId, string revision, string folder, out IReadOnlyList<string>? files)
    {
        files = _cache.ReadManifest(repoId, revision);
        if (files is null) return $"{repoId}@{revision} is not in the cache ({folder}) and offline mode is on; download it once with the network available";
        if (files.FirstOrDefault(f => !File.Exists(Path.Combine(folder, f))) is { } missing)
        {
            return $"{repoId}@{revision}: the cache ({folder}) lacks '{missing}' and offline mode is on; download the model again with the network available";
        }

        // An update that failed part-way leaves new files beside old ones; offline, they must not load as one model.
        var commits = files.Select(f => _cache.ReadRecord(repoId, revision, f)?.Commit).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return commits.Count > 1
            ? $"{repoId}@{revision}: the cached files come from {commits.Count} commits ({string.Join(", ", commits.Select(c => c[..Math.Min(8, c.Length)]))}); an update did not finish. Run once with the network available to complete it"
            : null;
    }

    private static string ReportCached(string path, string repoId, string fileName, IProgress<HubDownloadProgress>? progress)
    {
        long length = new FileInfo(path).Length;
        progress?.Report(new HubDownloadProgress(repoId, fileName, length, length, FromCache: true));
        return path;
    }

    private Uri FileUri(string repoId, string revision, string fileName) =>
        new($"{Options.Endpoint.AbsoluteUri.TrimEnd('/')}/{repoId}/resolve/{Uri.EscapeDataString(revision)}/{Uri.EscapeDataString(fileName)}");

    private static void Validate(string repoId, string revision)
    {
        HubCache.ValidateRepoId(repoId);
        HubCache.ValidateRevision(revision);
    }

    /// <summary>A file in the cache and the commit the hub said it came from (null offline).</summary>
    private sealed record Fetched(string Path, string? Commit);
}
