using Amend.Models.HuggingFace;

namespace Amend.Models.Tests.HuggingFace;

/// <summary>Servers that break the protocol in ways a real mirror or proxy can: each must end in one clear error.</summary>
public sealed class MisbehavingHubTests : IDisposable
{
    private readonly DirectoryInfo _cache = Directory.CreateTempSubdirectory("amend-hub-misbehaving-");

    public void Dispose() => _cache.Delete(recursive: true);

    [Fact]
    public async Task ARedirectLoop_IsNamedAsOne()
    {
        using var server = new MiniHttpServer(_ => new MiniResponse(302, new() { ["Location"] = "/tester/tiny/resolve/main/config.json", ["Content-Length"] = "0" }, []));
        using var client = Client(server);

        var e = await Assert.ThrowsAsync<HubException>(() => client.DownloadFileAsync("tester/tiny", "config.json"));

        Assert.Contains("more than 10 redirects", e.Message, StringComparison.Ordinal);
        Assert.Contains("a redirect loop", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatDoesNotAnswer_IsGivenUpOnAfterTheMetadataTimeout_SayingSo()
    {
        using var server = new MiniHttpServer(_ => null);
        using var client = Client(server, TimeSpan.FromMilliseconds(200));

        var e = await Assert.ThrowsAsync<HubException>(() => client.DownloadFileAsync("tester/tiny", "config.json"));

        Assert.Contains("no answer in 0.2 s; HF_HUB_ETAG_TIMEOUT sets how long to wait", e.Message, StringComparison.Ordinal);
        Assert.True(e.IsUnreachable);
    }

    private HubClient Client(MiniHttpServer server, TimeSpan? metadataTimeout = null) => new(new HubOptions
    {
        Endpoint = new Uri($"http://127.0.0.1:{server.Port}"),
        CacheDirectory = _cache.FullName,
        RetryDelay = TimeSpan.Zero,
        MetadataTimeout = metadataTimeout ?? TimeSpan.FromSeconds(10),
    });
}
