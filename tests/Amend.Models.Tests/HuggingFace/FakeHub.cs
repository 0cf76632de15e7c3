using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Amend.Models.HuggingFace;

namespace Amend.Models.Tests.HuggingFace;

/// <summary>
/// Serves repositories the way huggingface.co does: <c>/{repo}/resolve/{main or the commit}/{file}</c>; small files answer 200
/// with their git blob sha1 as ETag; *.safetensors answer 302 to a CDN URL (on host "localhost", so it differs
/// from the hub's 127.0.0.1) with X-Linked-Size and X-Linked-Etag = sha256; the CDN honours Range requests.
/// Missing repositories, revisions and files answer 404 with the hub's X-Error-Code; a range past the end, 416.
/// </summary>
internal sealed class FakeHub : IDisposable
{
    private readonly MiniHttpServer _server;
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new();
    private readonly ConcurrentDictionary<string, (int Bytes, int Times)> _drops = new();
    private bool _disposed;

    public FakeHub() => _server = new MiniHttpServer(Handle);

    public Uri Endpoint => new($"http://127.0.0.1:{_server.Port}");

    /// <summary>Every request: "METHOD path", plus " range=…" and " auth" when present.</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    /// <summary>File name → sha256 to advertise instead of the real one.</summary>
    public ConcurrentDictionary<string, string> WrongSha256 { get; } = new();

    /// <summary>File name → size to advertise instead of the real one.</summary>
    public ConcurrentDictionary<string, long> WrongSize { get; } = new();

    /// <summary>The commit every resolve answer names (X-Repo-Commit).</summary>
    public string Commit { get; set; } = "0123456789abcdef0123456789abcdef01234567";

    /// <summary>Files whose answers carry no ETag (as a plain static file server's may not).</summary>
    public ConcurrentDictionary<string, bool> WithoutETag { get; } = new();

    /// <summary>File name → how many of its bytes the server holds (the hub still advertises them all).</summary>
    public ConcurrentDictionary<string, int> HoldsOnly { get; } = new();

    /// <summary>File name → status the next HEAD of it answers with instead (a busy server).</summary>
    public ConcurrentDictionary<string, int> HeadFailsOnce { get; } = new();

    /// <summary>The status a repository that does not exist answers with (huggingface.co: 401 without a token, 404 with one).</summary>
    public int MissingRepoStatus { get; set; } = 404;

    /// <summary>X-Error-Message on refusals, when set.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>A query appended to CDN locations, as the hub's signed URLs carry one.</summary>
    public string CdnQuery { get; set; } = "";

    /// <summary>When set, the CDN refuses every GET with this status (an expired signature: 403).</summary>
    public int? CdnRefuses { get; set; }

    public void Add(string repo, string file, byte[] content) => _files[$"{repo}/{file}"] = content;

    /// <summary>A client of this hub caching in <paramref name="cache"/>, retrying without waiting; other settings from <paramref name="options"/>.</summary>
    public HubClient Client(string cache, HubOptions? options = null) =>
        new((options ?? new HubOptions()) with { Endpoint = Endpoint, CacheDirectory = cache, RetryDelay = TimeSpan.Zero });

    public void Remove(string repo, string file) => _files.TryRemove($"{repo}/{file}", out _);

    public void AddFolder(string repo, string folder)
    {
        foreach (var path in Directory.GetFiles(folder)) Add(repo, Path.GetFileName(path), File.ReadAllBytes(path));
    }

    /// <summary>The next GET of <paramref name="file"/>'s content closes the connection after <paramref name="bytes"/> body bytes.</summary>
    public void DropOnce(string file, int bytes) => DropEach(file, bytes, 1);

    /// <summary>The next <paramref name="times"/> GETs of <paramref name="file"/>'s content each close the connection after <paramref name="bytes"/> body bytes.</summary>
    public void DropEach(string file, int bytes, int times) => _drops[file] = (bytes, times);

    public int Count(string prefix) => Log.Count(l => l.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Stops the server (a second call does nothing), so a test can take the hub away.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _server.Dispose();
    }

    private MiniResponse Handle(MiniRequest request)
    {
        Log.Enqueue($"{request.Method} {request.Path}{(request.Header("range") is { } r ? " range=" + r : "")}{(request.Header("authorization") is null ? "" : " auth")}");
        if (request.Path.StartsWith("/cdn/", StringComparison.Ordinal)) return Cdn(request);
        var segments = request.Path.Trim('/').Split('/');
        int resolve = Array.IndexOf(segments, "resolve");
        if (resolve < 1 || segments.Length != resolve + 3) return NotFound("EntryNotFound");
        string repo = string.Join('/', segments[..resolve]), revision = segments[resolve + 1], file = segments[resolve + 2];
        if (!_files.Keys.Any(k => k.StartsWith(repo + "/", StringComparison.Ordinal))) return Refusal(MissingRepoStatus, "RepoNotFound");
        if (revision != "main" && revision != Commit) return NotFound("RevisionNotFound");
        if (!_files.TryGetValue($"{repo}/{file}", out var content)) return NotFound("EntryNotFound");
        if (request.Method == "HEAD" && HeadFailsOnce.TryRemove(file, out int status)) return new MiniResponse(status, new() { ["Content-Length"] = "0" }, []);
        if (file.EndsWith(".safetensors", StringComparison.Ordinal)) return LfsRedirect(file, content);
        var response = Content(file, content, request, "\"" + GitSha1(content) + "\"");
        response.Headers["X-Repo-Commit"] = Commit;
        if (WithoutETag.ContainsKey(file)) response.Headers.Remove("ETag");
        return response;
    }

    private MiniResponse LfsRedirect(string file, byte[] content)
    {
        string sha = Convert.ToHexStringLower(SHA256.HashData(content));
        _blobs[sha] = content;
        var headers = new Dictionary<string, string>
        {
            ["Location"] = $"http://localhost:{_server.Port}/cdn/{sha}/{file}{CdnQuery}",
            ["X-Linked-Size"] = WrongSize.GetValueOrDefault(file, content.Length).ToString(),
            ["X-Linked-Etag"] = "\"" + WrongSha256.GetValueOrDefault(file, sha) + "\"",
            ["X-Repo-Commit"] = Commit,
            ["Content-Length"] = "0",
        };
        return new MiniResponse(302, headers, []);
    }

    private MiniResponse Cdn(MiniRequest request)
    {
        if (CdnRefuses is int status) return Refusal(status, "SignatureExpired");
        var segments = request.Path.Split('?')[0].Split('/');
        return _blobs.TryGetValue(segments[2], out var content) ? Content(segments[3], content, request, "\"" + segments[2] + "\"") : NotFound("EntryNotFound");
    }

    private MiniResponse Content(string file, byte[] content, MiniRequest request, string etag)
    {
        int from = request.Header("range") is { } range ? int.Parse(range["bytes=".Length..].TrimEnd('-')) : 0;
        if (HoldsOnly.TryGetValue(file, out int held)) content = content[..held];
        if (from > 0 && from >= content.Length)
        {
            return new MiniResponse(416, new() { ["Content-Range"] = $"bytes */{content.Length}", ["Content-Length"] = "0" }, []);
        }

        var body = content[from..];
        var headers = new Dictionary<string, string> { ["ETag"] = etag, ["Content-Length"] = body.Length.ToString() };
        if (from > 0) headers["Content-Range"] = $"bytes {from}-{content.Length - 1}/{content.Length}";
        int? drop = request.Method == "GET" && TakeDrop(file) is int bytes ? bytes : null;
        return new MiniResponse(from > 0 ? 206 : 200, headers, body, drop);
    }

    private int? TakeDrop(string file)
    {
        if (!_drops.TryGetValue(file, out var drop)) return null;
        if (drop.Times <= 1) _drops.TryRemove(file, out _);
        else _drops[file] = (drop.Bytes, drop.Times - 1);
        return drop.Bytes;
    }

    private MiniResponse NotFound(string code) => Refusal(404, code);

    private MiniResponse Refusal(int status, string code)
    {
        var headers = new Dictionary<string, string> { ["X-Error-Code"] = code, ["Content-Length"] = "0" };
        if (ErrorMessage is { } message) headers["X-Error-Message"] = message;
        return new(status, headers, []);
    }

    private static string GitSha1(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));
}
