namespace Amend.Models.HuggingFace;

/// <summary>What a HEAD request on a hub file says: where to GET it, its content hash, size and commit.</summary>
/// <param name="DownloadUri">The URL to GET: the CDN location for LFS files, else the resolve URL itself.</param>
/// <param name="ETag">sha256 (LFS files) or git blob sha1 (small files), without quotes; null when not given.</param>
/// <param name="Size">File size in bytes, when given.</param>
/// <param name="Commit">The commit the revision resolved to, when given.</param>
internal sealed record HubFileMetadata(Uri DownloadUri, string? ETag, long? Size, string? Commit)
{
    /// <summary>
    /// Reads the hub's headers as huggingface_hub does: for LFS files the redirect to the CDN carries
    /// X-Linked-Etag and X-Linked-Size (the file's sha256 and size); otherwise ETag and Content-Length describe the file.
    /// </summary>
    public static HubFileMetadata From(HttpResponseMessage response, Uri requested)
    {
        var location = response.Headers.Location;
        var download = location is not null && location.IsAbsoluteUri ? location : requested;
        string? etag = HubHttp.Header(response.Headers, "X-Linked-Etag") ?? response.Headers.ETag?.Tag ?? HubHttp.Header(response.Headers, "ETag");
        long? size = long.TryParse(HubHttp.Header(response.Headers, "X-Linked-Size"), out long linked) ? linked : response.Content.Headers.ContentLength;
        return new HubFileMetadata(download, Normalize(etag), size, HubHttp.Header(response.Headers, "X-Repo-Commit"));
    }

    // ETags arrive quoted and sometimes weak ("W/\"…\""); only the hash inside matters.
    private static string? Normalize(string? etag)
    {
        if (string.IsNullOrWhiteSpace(etag)) return null;
        string value = etag.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal)) value = value[2..];
        return value.Trim('"');
    }
}
