using System.Net;
using System.Net.Http.Headers;

namespace Amend.Models.HuggingFace;

/// <summary>
/// The HTTP side of <see cref="HubClient"/>: redirects are followed by hand so the hub's headers on a CDN
/// redirect are not lost, the token goes only to the hub's own host, and content is never decompressed
/// (byte counts and ranges must refer to the file itself).
/// </summary>
internal sealed class HubHttp : IDisposable
{
    private const int MaxRedirects = 10;

    private readonly HubOptions _options;
    private readonly HttpClient _client;

    public HubHttp(HubOptions options)
    {
        _options = options;
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("amend", "1.0"));
    }

    /// <summary>
    /// HEAD of a resolve URL. Relative redirects (a renamed repository) are followed; an absolute one (the CDN)
    /// ends the walk, because its headers are the file's metadata and its Location is where to download.
    /// </summary>
    /// <returns>The final response; the caller disposes it.</returns>
    public async Task<(HttpResponseMessage Response, Uri Uri)> HeadAsync(Uri uri, CancellationToken cancellationToken)
    {
        for (int hop = 0; ; hop++)
        {
            var response = await SendAsync(HttpMethod.Head, uri, null, _options.MetadataTimeout, cancellationToken);
            var location = response.Headers.Location;
            if (!IsRedirect(response.StatusCode) || location is null || location.IsAbsoluteUri) return (response, uri);
            if (hop == MaxRedirects) throw TooManyRedirects(response, uri);
            response.Dispose();
            uri = new Uri(uri, location);
        }
    }

    /// <summary>GET from byte <paramref name="from"/> on (a Range request when positive), following every redirect.</summary>
    /// <returns>The response with headers read and the body not yet read; the caller disposes it.</returns>
    public async Task<HttpResponseMessage> GetAsync(Uri uri, long from, CancellationToken cancellationToken)
    {
        for (int hop = 0; ; hop++)
        {
            var response = await SendAsync(HttpMethod.Get, uri, from > 0 ? from : null, _options.ReadTimeout, cancellationToken);
            var location = response.Headers.Location;
            if (!IsRedirect(response.StatusCode) || location is null) return response;
            if (hop == MaxRedirects) throw TooManyRedirects(response, uri);
            response.Dispose();
            uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
        }
    }

    /// <summary>A status a busy or restarting server answers with (5xx, 408, 429): worth asking again.</summary>
    public static bool IsTransient(HttpStatusCode status) => status is >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>
    /// A failure worth another attempt: the network, a stalled read (not the caller's cancellation). Not a local
    /// file error (those are <see cref="HubException"/>s by then), nor a redirect loop: both would fail the same way again.
    /// </summary>
    public static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        HubException => false,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } => false,
        HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };

    /// <summary>
    /// The host's name did not resolve: this machine has no network or no DNS, which a few seconds' wait rarely
    /// changes. A first request is then not tried again, so that an offline run (or a mistyped local path taken
    /// for a hub id) fails, or falls back to the cache, at once instead of after every retry's wait.
    /// </summary>
    public static bool IsNameNotResolved(Exception e) => e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError };

    /// <summary>The first value of header <paramref name="name"/>, or null.</summary>
    public static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The wait a response's Retry-After header asks for (seconds or a date), or null.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter is { } retry
        ? retry.Delta ?? (retry.Date is { } date ? date - DateTimeOffset.UtcNow : null)
        : null;

    /// <summary>A URL as messages show it: without its query, which for a CDN holds a signature that works as a password.</summary>
    public static string Display(Uri? uri) => uri is null ? "(unknown URL)" : uri.GetLeftPart(UriPartial.Path);

    public void Dispose() => _client.Dispose();

    /// <summary>A busy server's answer (5xx, 408, 429) to a transfer, with the wait it asked for.</summary>
    public sealed class BusyServerException(HttpResponseMessage response)
        : HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode)
    {
        /// <summary>The server's Retry-After, or null.</summary>
        public TimeSpan? RetryAfter { get; } = HubHttp.RetryAfter(response);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, long? from, TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        // Identity encoding: Content-Length, X-Linked-Size and Range offsets must all count the file's own bytes.
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
        if (from is long start) request.Headers.Range = new RangeHeaderValue(start, null);
        if (_options.Token is { } token && IsHubHost(uri)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
    }

    private bool IsHubHost(Uri uri) =>
        string.Equals(uri.Host, _options.Endpoint.Host, StringComparison.OrdinalIgnoreCase) && uri.Port == _options.Endpoint.Port;

    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;

    private static HttpRequestException TooManyRedirects(HttpResponseMessage response, Uri uri)
    {
        response.Dispose();
        return new HttpRequestException(HttpRequestError.ConfigurationLimitExceeded, $"more than {MaxRedirects} redirects, the last from {Display(uri)}: a redirect loop");
    }
}
