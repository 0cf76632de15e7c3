using System.Net;

namespace Amend.Models.HuggingFace;

/// <summary>
/// Transfers one file into its part file, resuming with an HTTP Range request after an interruption
/// (dropped connection, stalled read, 5xx) up to <see cref="HubOptions.MaxAttempts"/> times. A part file
/// left by an earlier run is resumed too.
/// </summary>
internal sealed class ResumableDownload(HubHttp http, HubOptions options, string repoId, string fileName, IProgress<HubDownloadProgress>? progress)
{
    private const int BufferBytes = 1 << 16;

    public async Task RunAsync(HubFileMetadata metadata, string partPath, CancellationToken cancellationToken)
    {
        Local(partPath, () => Directory.CreateDirectory(Path.GetDirectoryName(partPath)!));
        for (int failures = 0; ;)
        {
            long before = PartLength(partPath);
            try
            {
                await TryOnceAsync(metadata, partPath, cancellationToken);
                return;
            }
            catch (Exception e) when (HubHttp.IsTransient(e, cancellationToken))
            {
                // A try that received bytes made progress: only failures in a row count, so a large file on a
                // connection that drops now and then still completes.
                failures = PartLength(partPath) > before ? 1 : failures + 1;
                if (failures < options.MaxAttempts)
                {
                    await Task.Delay(options.RetryWait(failures, (e as HubHttp.BusyServerException)?.RetryAfter), cancellationToken);
                    continue;
                }

                // A read deadline cancels with a bare "The operation was canceled."; say what it was.
                string last = e is OperationCanceledException ? $"no data for {options.ReadTimeout.TotalSeconds:0.#} s; HF_HUB_DOWNLOAD_TIMEOUT sets how long to wait" : e.Message;
                throw new HubException(repoId, fileName,
                    $"{repoId}: download of '{fileName}' failed {failures} times in a row (last: {last}); the {PartLength(partPath)} bytes received are kept in {partPath} and the next run resumes from there",
                    inner: e);
            }
            catch (HttpRequestException e)
            {
                throw new HubException(repoId, fileName, $"{repoId}: downloading '{fileName}' failed: {e.Message}", inner: e);
            }
        }
    }

    private async Task TryOnceAsync(HubFileMetadata metadata, string partPath, CancellationToken cancellationToken)
    {
        long have = PartLength(partPath);
        if (metadata.Size is long size && have > size)
        {
            File.Delete(partPath);
            have = 0;
        }

        if (metadata.Size == have && have > 0) return;
        using var response = await http.GetAsync(metadata.DownloadUri, have, cancellationToken);
        have = CheckResponse(response, have, metadata.Size, partPath);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        bool overran;
        long length;
        // Unbuffered: every block is written as it arrives, so a full disk fails a write, not a later flush.
        await using (var part = Local(partPath, () => new FileStream(partPath, have == 0 ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0)))
        {
            overran = !await CopyAsync(body, part, have, metadata.Size, cancellationToken);
            length = part.Length;
        }

        if (overran)
        {
            // Not worth another attempt: the server holds a different file from the one the hub describes.
            File.Delete(partPath);
            throw new HubException(repoId, fileName, $"{repoId}: downloaded '{fileName}' does not match the hub (the server sent more than the {metadata.Size} bytes the hub gives it); the corrupt file was deleted, run again to retry");
        }

        if (metadata.Size is long expected && length < expected)
        {
            throw new IOException($"the server ended the transfer at {length} of {expected} bytes");
        }
    }

    /// <summary>The byte the body starts at: <paramref name="have"/> for a honoured range, 0 when the server sent the whole file.</summary>
    private long CheckResponse(HttpResponseMessage response, long have, long? advertised, string partPath)
    {
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK:
                return 0;
            case HttpStatusCode.PartialContent when response.Content.Headers.ContentRange?.From == have:
                return have;
            case HttpStatusCode.RequestedRangeNotSatisfiable when advertised > have && response.Content.Headers.ContentRange?.Length == have:
                // The server holds exactly the bytes already here, fewer than the hub advertised: starting over
                // would fetch the same bytes and end the same way, so the part file stays for when the hub agrees.
                // (With no advertised size, the part file is not known to be short: it starts over, as before.)
                throw new HubException(repoId, fileName,
                    $"{repoId}: the hub gives '{fileName}' {advertised} bytes, but the server that holds it has only {have} (all of which are in {partPath}); the hub's metadata or the file is broken, so the download cannot complete",
                    response.StatusCode);
            case HttpStatusCode.PartialContent:
            case HttpStatusCode.RequestedRangeNotSatisfiable:
                // The part file does not match what the server has: start over on the next attempt.
                File.Delete(partPath);
                throw new IOException($"the server could not resume at byte {have} (HTTP {(int)response.StatusCode})");
            case var status when HubHttp.IsTransient(status):
                throw new HubHttp.BusyServerException(response);
            default:
                throw new HubException(repoId, fileName, $"{repoId}: downloading '{fileName}' from {HubHttp.Display(response.RequestMessage?.RequestUri)} failed with HTTP {(int)response.StatusCode} {response.ReasonPhrase}", response.StatusCode);
        }
    }

    /// <summary>Copies the body to the part file; false, with the overrunning bytes unwritten, when it is longer than <paramref name="total"/>.</summary>
    private async Task<bool> CopyAsync(Stream body, FileStream part, long done, long? total, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferBytes];
        progress?.Report(new HubDownloadProgress(repoId, fileName, done, total, FromCache: false));
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            // A stalled connection must end in a retry, not a hang: every read gets its own deadline.
            idle.CancelAfter(options.ReadTimeout);
            int read = await body.ReadAsync(buffer, idle.Token);
            if (read == 0) return true;
            if (done + read > total) return false;
            try
            {
                await part.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw LocalFailure(part.Name, e);
            }

            done += read;
            progress?.Report(new HubDownloadProgress(repoId, fileName, done, total, FromCache: false));
        }
    }

    private static long PartLength(string partPath) => File.Exists(partPath) ? new FileInfo(partPath).Length : 0;

    // A local failure (disk full, read-only cache) would fail the same way on every try: it is reported at once.
    private T Local<T>(string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw LocalFailure(path, e);
        }
    }

    private HubException LocalFailure(string path, Exception e) =>
        new(repoId, fileName, $"{repoId}: could not write '{fileName}' to {path} ({e.Message}); free space or fix the permissions of the cache (AMEND_HUB_CACHE moves it) and run again: the bytes already there are kept", inner: e);
}
