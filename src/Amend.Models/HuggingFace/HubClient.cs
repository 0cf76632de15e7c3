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

    private readonly HubCache _cache;
    private readonly HubHttp _http;

    /// <summary>Creates a client; <paramref name="options"/> default to the public hub and <c>~/.cache/amend/hub</c>.</summary>
    public HubClient(HubOptions? options = null)
    {
        Options = options ?? new HubOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxAttempts, 1, nameof(options));
        _cache = new HubCache(Options.CacheDirectory);
        _http = new HubHttp(Options);
    }

    /// <summary>The options this client was created with.</summary>
    public HubOptions Options { get; }

    /// <summary>The cache folder that holds the files of <paramref name="repoId"/> at <paramref name="revision"/> (it may not exist yet).</summary>
    public string CacheFolder(string repoId, string revision = "main")
    {
        Validate(repoId, revision);
        return _cache.SnapshotFolder(repoId, revision);
    }

    /// <summary>
    /// Fetches what a causal language model needs: config.json, the generation and tokenizer files the repository
    /// has, and its safetensors weights (model.safetensors, or the index and every shard it lists).
    /// </summary>
    /// <returns>The local model folder.</returns>
    /// <exception cref="HubException">The repository, revision or config is not found, the repository has no safetensors weights
    /// (the message says how to convert pickle weights), a transfer fails or does not match its hash, or offline and not cached.</exception>
    public async Task<string> DownloadModelAsync(string repoId, string revision = "main", IProgress<HubDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Validate(repoId, revision);
        if (Options.Offline) return CachedModel(repoId, revision, progress);
        var files = new List<string> { (await FetchAsync(repoId, revision, "config.json", optional: false, progress, cancellationToken))! };
        foreach (var optional in s_optionalFiles)
        {
            if (await FetchAsync(repoId, revision, optional, optional: true, progress, cancellationToken) is { } path) files.Add(path);
        }

        files.AddRange(await FetchWeightsAsync(repoId, revision, progress, cancellationToken));
        _cache.WriteManifest(repoId, revision, files.Select(f => Path.GetFileName(f)).ToArray());
        return _cache.SnapshotFolder(repoId, revision);
    }

    /// <summary>Fetches one file (a plain name at the top of the repository) and returns its local path.</summary>
    /// <exception cref="HubException">Not found (the message names repository, revision and file), a failed or corrupt transfer, or offline and not cached.</exception>
    public async Task<string> DownloadFileAsync(string repoId, string fileName, string revision = "main", IProgress<HubDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Validate(repoId, revision);
        HubCache.ValidateFileName(fileName);
        return (await FetchAsync(repoId, revision, fileName, optional: false, progress, cancellationToken))!;
    }

    /// <summary>Releases the HTTP connections.</summary>
    public void Dispose() => _http.Dispose();

    private async Task<IEnumerable<string>> FetchWeightsAsync(string repoId, string revision, IProgress<HubDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        if (await FetchAsync(repoId, revision, "model.safetensors", optional: true, progress, cancellationToken) is { } single) return [single];
        if (await FetchAsync(repoId, revision, SafetensorsIndex.FileName, optional: true, progress, cancellationToken) is { } indexPath)
        {
            var paths = new List<string> { indexPath };
            foreach (var shard in SafetensorsIndex.Read(indexPath).ShardFiles)
            {
                HubCache.ValidateFileName(shard);
                paths.Add((await FetchAsync(repoId, revision, shard, optional: false, progress, cancellationToken))!);
            }

            return paths;
        }

        bool pickle = await ExistsAsync(repoId, revision, "pytorch_model.bin", cancellationToken);
        string hint = pickle
            ? "it has only pytorch_model.bin, which Amend does not load (unpickling can run code). Look on the hub for a safetensors revision (e.g. a refs/pr/N branch opened by the conversion bot), or convert it once with transformers: AutoModelForCausalLM.from_pretrained(path).save_pretrained(out, safe_serialization=True)"
            : $"it has neither model.safetensors nor {SafetensorsIndex.FileName}";
        throw new HubException(repoId, null, $"{repoId}@{revision}: no safetensors weights: {hint}");
    }

    /// <summary>The local path of one file, downloading it unless the cache holds the same content. Null when optional and absent.</summary>
    private async Task<string?> FetchAsync(string repoId, string revision, string fileName, bool optional, IProgress<HubDownloadProgress>? progress, CancellationToken cancellationToken)
    {
        string destination = _cache.FilePath(repoId, revision, fileName);
        if (Options.Offline)
        {
            if (File.Exists(destination)) return ReportCached(destination, repoId, fileName, progress);
            throw new HubException(repoId, fileName, $"{repoId}@{revision}: '{fileName}' is not in the cache ({destination}) and offline mode is on; download it once with the network available");
        }

        var metadata = await HeadAsync(repoId, revision, fileName, optional, cancellationToken);
        if (metadata is null) return null;

        // As huggingface_hub: without an ETag nothing can verify the bytes, nor tell a cached copy from a new one.
        if (metadata.ETag is null)
        {
            throw new HubException(repoId, fileName, $"{repoId}@{revision}: {Options.Endpoint} sent no ETag for '{fileName}', so its content cannot be verified or cached; a hub mirror (HF_ENDPOINT) must send the ETag headers huggingface.co sends");
        }

        if (metadata.Size < 0) throw new HubException(repoId, fileName, $"{repoId}@{revision}: {Options.Endpoint} gave '{fileName}' a negative size ({metadata.Size} bytes)");
        var record = _cache.ReadRecord(repoId, revision, fileName);
        if (File.Exists(destination) && record is not null && record.ETag == metadata.ETag && (metadata.Size ?? new FileInfo(destination).Length) == new FileInfo(destination).Length)
        {
            // Unchanged in a newer commit: the record follows, so a complete snapshot names one commit throughout.
            if (record.Commit != metadata.Commit) _cache.WriteRecord(repoId, revision, fileName, record with { Commit = metadata.Commit });
            return ReportCached(destination, repoId, fileName, progress);
        }

        string part = _cache.PartPath(repoId, revision, fileName, metadata.ETag);
        _cache.DeleteOtherParts(repoId, revision, fileName, keep: part);
        await new ResumableDownload(_http, Options, repoId, fileName, progress).RunAsync(metadata, part, cancellationToken);
        if (ContentCheck.Mismatch(part, metadata) is { } mismatch)
        {
            File.Delete(part);
            throw new HubException(repoId, fileName, $"{repoId}@{revision}: downloaded '{fileName}' does not match the hub ({mismatch}); the corrupt file was deleted, run again to retry");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Move(part, destination, overwrite: true);
        _cache.WriteRecord(repoId, revision, fileName, new CachedFileRecord(metadata.ETag, metadata.Size, metadata.Commit));
        return destination;
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
                if (HubHttp.IsTransient(e, cancellationToken) && attempt < Options.MaxAttempts)
                {
                    await Task.Delay(Options.RetryDelay * attempt, cancellationToken);
                    continue;
                }

                string why = e is OperationCanceledException ? $"no answer in {Options.ReadTimeout.TotalSeconds:0.#} s; HF_HUB_DOWNLOAD_TIMEOUT sets how long to wait" : e.Message;
                throw new HubException(repoId, fileName, $"{repoId}: could not reach {Options.Endpoint} for '{fileName}' ({why}); to use files already cached, pass --offline (HF_HUB_OFFLINE=1; HubOptions.Offline in code)", inner: e);
            }

            using (response)
            {
                if ((int)response.StatusCode < 400) return HubFileMetadata.From(response, uri);

                // A busy or restarting server (5xx, 429) is asked again, as a download would be.
                if (HubHttp.IsTransient(response.StatusCode) && attempt < Options.MaxAttempts)
                {
                    await Task.Delay(Options.RetryDelay * attempt, cancellationToken);
                    continue;
                }

                string? code = response.Headers.TryGetValues("X-Error-Code", out var codes) ? codes.FirstOrDefault() : null;
                if (response.StatusCode == HttpStatusCode.NotFound && optional && code is not ("RepoNotFound" or "RepositoryNotFound" or "RevisionNotFound")) return null;
                throw HubErrors.ForStatus(repoId, revision, fileName, response.StatusCode, code, Options.Endpoint);
            }
        }
    }

    private async Task<bool> ExistsAsync(string repoId, string revision, string fileName, CancellationToken cancellationToken) =>
        await HeadAsync(repoId, revision, fileName, optional: true, cancellationToken) is not null;

    private string CachedModel(string repoId, string revision, IProgress<HubDownloadProgress>? progress)
    {
        string folder = _cache.SnapshotFolder(repoId, revision);
        var files = _cache.ReadManifest(repoId, revision)
            ?? throw new HubException(repoId, null, $"{repoId}@{revision} is not in the cache ({folder}) and offline mode is on; download it once with the network available");
        foreach (var file in files)
        {
            string path = Path.Combine(folder, file);
            if (!File.Exists(path)) throw new HubException(repoId, file, $"{repoId}@{revision}: the cache ({folder}) lacks '{file}' and offline mode is on; download the model again with the network available");
        }

        // An update that failed part-way leaves new files beside old ones; offline, they must not load as one model.
        var commits = files.Select(f => _cache.ReadRecord(repoId, revision, f)?.Commit).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (commits.Count > 1)
        {
            throw new HubException(repoId, null, $"{repoId}@{revision}: the cached files come from {commits.Count} commits ({string.Join(", ", commits.Select(c => c[..Math.Min(8, c.Length)]))}); an update did not finish. Run once with the network available to complete it");
        }

        foreach (var file in files) ReportCached(Path.Combine(folder, file), repoId, file, progress);

        return folder;
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
}
