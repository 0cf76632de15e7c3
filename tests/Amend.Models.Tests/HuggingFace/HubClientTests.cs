using System.Collections.Concurrent;
using System.Text;
using Amend.Models.Checkpoints;
using Amend.Models.HuggingFace;
using Amend.Models.Tests.Checkpoints;

namespace Amend.Models.Tests.HuggingFace;

public sealed class HubClientTests : IDisposable
{
    private readonly FakeHub _hub = new();
    private readonly TempFolder _cache = new();
    private readonly TempFolder _fixtures = new();

    public HubClientTests()
    {
        // A small model repository (weights > 1 MB so a transfer can be cut in the middle) and a sharded one
        var random = new Random(5);
        var tensors = new Dictionary<string, Tensor> { ["emb.weight"] = Tensor.Randn(new Shape(512, 512), random), ["ln.weight"] = Tensor.Ones(512) };
        string single = Path.Combine(_fixtures.Path, "single"), sharded = Path.Combine(_fixtures.Path, "sharded");
        SafetensorsWriter.WriteFolder(single, tensors);
        SafetensorsWriter.WriteFolder(sharded, tensors, maxShardBytes: 4096);
        File.WriteAllText(Path.Combine(single, "config.json"), "{\"model_type\": \"gpt2\"}");
        File.WriteAllText(Path.Combine(single, "tokenizer.json"), "{\"model\": {}}");
        File.Copy(Path.Combine(single, "config.json"), Path.Combine(sharded, "config.json"));
        _hub.AddFolder("tester/tiny", single);
        _hub.AddFolder("tester/sharded", sharded);
        _hub.Add("gpt2", "config.json", Encoding.UTF8.GetBytes("{}"));
        _hub.Add("tester/pickled", "config.json", Encoding.UTF8.GetBytes("{}"));
        _hub.Add("tester/pickled", "pytorch_model.bin", [0x80, 0x02]);
    }

    public void Dispose()
    {
        _hub.Dispose();
        _cache.Dispose();
        _fixtures.Dispose();
    }

    [Fact]
    public async Task DownloadModelAsync_FetchesConfigTokenizerAndWeights()
    {
        // Given
        using var client = Client();
        var progress = new ListProgress();

        // When
        string folder = await client.DownloadModelAsync("tester/tiny", progress: progress);

        // Then the folder holds exactly the repository's files, byte for byte, and loads as a checkpoint
        Assert.Equal(client.CacheFolder("tester/tiny"), folder);
        Assert.Equal(["config.json", "model.safetensors", "tokenizer.json"], Directory.GetFiles(folder).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(File.ReadAllBytes(Path.Combine(_fixtures.Path, "single", "model.safetensors")), File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));
        using var checkpoint = SafetensorsCheckpoint.Open(folder);
        Assert.Equal(["emb.weight", "ln.weight"], checkpoint.Names);
        var last = progress.Events.Last(e => e.FileName == "model.safetensors");
        Assert.Equal(last.TotalBytes, last.BytesDone);
        Assert.False(last.FromCache);
    }

    [Fact]
    public async Task DownloadModelAsync_FetchesEveryShardListedByTheIndex()
    {
        using var client = Client();

        string folder = await client.DownloadModelAsync("tester/sharded");

        using var checkpoint = SafetensorsCheckpoint.Open(folder);
        Assert.Equal(Path.Combine(folder, SafetensorsIndex.FileName), checkpoint.Path);
        Assert.Equal(2, checkpoint.Files.Count);
        Assert.Equal(["emb.weight", "ln.weight"], checkpoint.Names);
    }

    [Fact]
    public async Task DownloadModelAsync_ResumesWithARangeRequest_AfterTheConnectionDrops()
    {
        // Given a server that cuts the first transfer of the weights after 300,000 bytes
        using var client = Client();
        _hub.DropOnce("model.safetensors", 300_000);

        // When
        string folder = await client.DownloadModelAsync("tester/tiny");

        // Then the second request asked for the rest only, and the file is complete and correct
        var gets = _hub.Log.Where(l => l.StartsWith("GET /cdn/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, gets.Length);
        Assert.DoesNotContain("range=", gets[0], StringComparison.Ordinal);
        Assert.EndsWith("range=bytes=300000-", gets[1], StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_fixtures.Path, "single", "model.safetensors")), File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));
    }

    [Fact]
    public async Task DownloadFileAsync_KeepsThePartialFile_WhenAttemptsRunOut_AndResumesOnTheNextCall()
    {
        // Given one attempt only, and a transfer cut after 100,000 bytes
        using var client = Client(new() { MaxAttempts = 1 });
        _hub.DropOnce("model.safetensors", 100_000);

        // When / Then the first call fails saying the bytes are kept, the second resumes from them
        var e = await Assert.ThrowsAsync<HubException>(() => client.DownloadFileAsync("tester/tiny", "model.safetensors"));
        Assert.Contains("the 100000 bytes received are kept", e.Message, StringComparison.Ordinal);
        string path = await client.DownloadFileAsync("tester/tiny", "model.safetensors");
        Assert.EndsWith("range=bytes=100000-", _hub.Log.Last(l => l.StartsWith("GET /cdn/", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_fixtures.Path, "single", "model.safetensors")), File.ReadAllBytes(path));
    }

    [Fact]
    public async Task DownloadFileAsync_StopsAtOnce_WhenTheServerHoldsFewerBytesThanTheHubAdvertises_AndNeverFetchesThemAgain()
    {
        // Given a server that holds only the first 200,000 bytes of the weights the hub advertises whole
        using var client = Client();
        _hub.HoldsOnly["model.safetensors"] = 200_000;

        // When two runs try to download it
        var first = await Assert.ThrowsAsync<HubException>(() => client.DownloadFileAsync("tester/tiny", "model.safetensors"));
        var second = await Assert.ThrowsAsync<HubException>(() => client.DownloadFileAsync("tester/tiny", "model.safetensors"));

        // Then both say what is wrong; the bytes came once, and each later request asked only for what follows them
        long advertised = new FileInfo(Path.Combine(_fixtures.Path, "single", "model.safetensors")).Length;
        foreach (var e in new[] { first, second })
        {
            Assert.Contains($"the hub gives 'model.safetensors' {advertised} bytes, but the server that holds it has only 200000", e.Message, StringComparison.Ordinal);
        }

        var gets = _hub.Log.Where(l => l.StartsWith("GET /cdn/", StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain("range=", gets[0], StringComparison.Ordinal);
        Assert.All(gets[1..], get => Assert.EndsWith("range=bytes=200000-", get, StringComparison.Ordinal));
        Assert.Equal(3, gets.Length);
        Assert.Equal(200_000, new FileInfo(Assert.Single(Directory.GetFiles(_cache.Path, "*.part", SearchOption.AllDirectories))).Length);
    }

    [Fact]
    public async Task DownloadModelAsync_Throws_AndDeletesTheDownload_WhenSha256DiffersFromTheHub()
    {
        using var client = Client();
        _hub.WrongSha256["model.safetensors"] = new string('a', 64);

        var e = await Assert.ThrowsAsync<HubException>(() => client.DownloadModelAsync("tester/tiny"));

        Assert.Contains("downloaded 'model.safetensors' does not match the hub (sha256 ", e.Message, StringComparison.Ordinal);
        Assert.Contains($"expected {new string('a', 64)}", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(client.CacheFolder("tester/tiny"), "model.safetensors")));
        Assert.Empty(Directory.GetFiles(_cache.Path, "*.part", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task DownloadFileAsync_StopsAtTheAdvertisedSize_AndDeletesTheDownload_WhenTheServerSendsMore()
    {
        // Given a 4 MiB file the hub says is 1000 bytes
        using var client = Client();
        _hub.Add("tester/tiny", "big.safetensors", new byte[4 << 20]);
        _hub.WrongSize["big.safetensors"] = 1000;
        var progress = new ListProgress();

        var e = await Assert.ThrowsAsync<HubException>(() => client.DownloadFileAsync("tester/tiny", "big.safetensors", progress: progress));

        // Then no byte past the 1000th is written, nothing is kept, and the transfer is not retried
        Assert.Contains("downloaded 'big.safetensors' does not match the hub (the server sent more than the 1000 bytes the hub gives it)", e.Message, StringComparison.Ordinal);
        Assert.All(progress.Events, p => Assert.InRange(p.BytesDone, 0, 1000));
        Assert.Equal([".lock"], Directory.GetFiles(_cache.Path, "big.safetensors*", SearchOption.AllDirectories).Select(Path.GetExtension));
        Assert.Equal(1, _hub.Count("GET /cdn/"));
    }

    [Theory]
    [InlineData(503)]
    [InlineData(429)]
    public async Task DownloadFileAsync_AsksABusyServerAgain(int status)
    {
        using var client = Client();
        _hub.HeadFailsOnce["config.json"] = status;

        string path = await client.DownloadFileAsync("tester/tiny", "config.json");

        Assert.True(File.Exists(path));
        Assert.Equal(2, _hub.Count("HEAD /tester/tiny/resolve/main/config.json"));
    }

    [Fact]
    public async Task DownloadFileAsync_RefusesAFileWithoutAnETag_BeforeDownloadingIt()
    {
        using var client = Client();
        _hub.WithoutETag["config.json"] = true;

        var e = await Assert.ThrowsAsync<HubException>(() => client.DownloadFileAsync("tester/tiny", "config.json"));

        Assert.Contains("sent no ETag for 'config.json', so its content cannot be verified or cached", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, _hub.Count("GET "));
        Assert.Empty(Directory.GetFiles(_cache.Path, "config.json*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task DownloadFileAsync_RefusesANegativeSize()
    {
        using var client = Client();
        _hub.WrongSize["model.safetensors"] = -5;

        var e = await Assert.ThrowsAsync<HubException>(() => client.DownloadFileAsync("tester/tiny", "model.safetensors"));

        Assert.Contains("gave 'model.safetensors' a negative size (-5 bytes)", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, _hub.Count("GET /cdn/"));
    }

    [Fact]
    public async Task Offline_RefusesASnapshotThatAFailedUpdateLeftHalfNew()
    {
        // Given a model downloaded at one commit, then an update to a new commit whose weights fail their check
        using (var first = Client()) await first.DownloadModelAsync("tester/tiny");
        _hub.Commit = "fedcba9876543210fedcba9876543210fedcba98";
        _hub.Add("tester/tiny", "config.json", Encoding.UTF8.GetBytes("{\"model_type\": \"gpt2\", \"n_layer\": 3}"));
        _hub.WrongSha256["model.safetensors"] = new string('a', 64);
        using (var update = Client()) await Assert.ThrowsAsync<HubException>(() => update.DownloadModelAsync("tester/tiny"));
        using var offline = Client(new() { Offline = true });

        // When
        var e = await Assert.ThrowsAsync<HubException>(() => offline.DownloadModelAsync("tester/tiny"));

        // Then
        Assert.Contains("the cached files come from 2 commits (", e.Message, StringComparison.Ordinal);
        Assert.Contains("an update did not finish", e.Message, StringComparison.Ordinal);
        Assert.All(new[] { "01234567", "fedcba98" }, commit => Assert.Contains(commit, e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Offline_TakesADamagedManifestAsNotCached()
    {
        using (var online = Client()) await online.DownloadModelAsync("tester/tiny");
        string[] manifests = Directory.GetFiles(_cache.Path, "model-files.json", SearchOption.AllDirectories);
        Assert.Single(manifests);
        File.WriteAllText(manifests[0], "[null]");
        using var offline = Client(new() { Offline = true });

        var e = await Assert.ThrowsAsync<HubException>(() => offline.DownloadModelAsync("tester/tiny"));

        Assert.StartsWith("tester/tiny@main is not in the cache", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_LoadsAnUpdatedSnapshot_WhoseUnchangedFilesKeptTheirBytes()
    {
        // Given a model downloaded at one commit, then updated to a commit that changed only config.json
        using (var first = Client()) await first.DownloadModelAsync("tester/tiny");
        _hub.Commit = "fedcba9876543210fedcba9876543210fedcba98";
        _hub.Add("tester/tiny", "config.json", Encoding.UTF8.GetBytes("{\"model_type\": \"gpt2\", \"n_layer\": 3}"));
        using (var update = Client()) await update.DownloadModelAsync("tester/tiny");
        using var offline = Client(new() { Offline = true });

        // When
        string folder = await offline.DownloadModelAsync("tester/tiny");

        // Then
        Assert.Contains("\"n_layer\": 3", File.ReadAllText(Path.Combine(folder, "config.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadFileAsync_Throws_NamingRepoAndFile_ForA404()
    {
        using var client = Client();

        var file = await Assert.ThrowsAsync<HubException>(() => client.DownloadFileAsync("tester/tiny", "missing.json"));
        var repo = await Assert.ThrowsAsync<HubException>(() => client.DownloadModelAsync("nobody/none"));
        var revision = await Assert.ThrowsAsync<HubException>(() => client.DownloadModelAsync("tester/tiny", revision: "v9"));

        Assert.Equal($"tester/tiny@main: file 'missing.json' not found on {_hub.Endpoint} (HTTP 404, EntryNotFound)", file.Message);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, file.StatusCode);
        Assert.StartsWith("repository 'nobody/none' not found", repo.Message, StringComparison.Ordinal);
        Assert.StartsWith("tester/tiny: revision 'v9' not found", revision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadModelAsync_ExplainsPickleOnlyRepositories()
    {
        using var client = Client();

        var e = await Assert.ThrowsAsync<HubException>(() => client.DownloadModelAsync("tester/pickled"));

        Assert.Contains("no safetensors weights: it has only pytorch_model.bin", e.Message, StringComparison.Ordinal);
        Assert.Contains("save_pretrained(out, safe_serialization=True)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadModelAsync_OnlyChecksHeaders_WhenTheCacheIsCurrent()
    {
        using var client = Client();
        await client.DownloadModelAsync("tester/tiny");
        int gets = _hub.Count("GET ");
        var progress = new ListProgress();

        await client.DownloadModelAsync("tester/tiny", progress: progress);

        Assert.Equal(gets, _hub.Count("GET "));
        Assert.Equal(3, progress.Events.Count);
        Assert.All(progress.Events, p => Assert.True(p.FromCache));
    }

    [Fact]
    public async Task Offline_ReturnsTheCachedModel_WithoutAnyRequest()
    {
        // Given a model downloaded once
        using (var online = Client()) await online.DownloadModelAsync("tester/tiny");
        int requests = _hub.Log.Count;
        using var offline = Client(new() { Offline = true });

        // When
        string folder = await offline.DownloadModelAsync("tester/tiny");
        string config = await offline.DownloadFileAsync("tester/tiny", "config.json");

        // Then
        Assert.Equal(requests, _hub.Log.Count);
        Assert.True(File.Exists(Path.Combine(folder, "model.safetensors")));
        Assert.Equal(Path.Combine(folder, "config.json"), config);
    }

    [Fact]
    public async Task Offline_Throws_ForAnythingNotCached_WithoutAnyRequest()
    {
        using var offline = Client(new() { Offline = true });

        var model = await Assert.ThrowsAsync<HubException>(() => offline.DownloadModelAsync("tester/tiny"));
        var file = await Assert.ThrowsAsync<HubException>(() => offline.DownloadFileAsync("gpt2", "config.json"));

        Assert.StartsWith("tester/tiny@main is not in the cache", model.Message, StringComparison.Ordinal);
        Assert.Contains("offline mode is on", model.Message, StringComparison.Ordinal);
        Assert.StartsWith("gpt2@main: 'config.json' is not in the cache", file.Message, StringComparison.Ordinal);
        Assert.Empty(_hub.Log);
    }

    [Fact]
    public async Task Token_GoesToTheHubOnly_NotToTheCdn()
    {
        using var client = Client(new() { Token = "hf_secret" });

        await client.DownloadFileAsync("tester/tiny", "model.safetensors");

        Assert.All(_hub.Log.Where(l => l.Contains("/resolve/", StringComparison.Ordinal)), l => Assert.EndsWith(" auth", l, StringComparison.Ordinal));
        Assert.All(_hub.Log.Where(l => l.Contains("/cdn/", StringComparison.Ordinal)), l => Assert.DoesNotContain(" auth", l, StringComparison.Ordinal));
        Assert.Contains(_hub.Log, l => l.StartsWith("GET /cdn/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/b/c")]
    [InlineData("owner--x/name")]
    [InlineData("")]
    public void CacheFolder_Throws_ForInvalidRepoIds(string repoId)
    {
        using var client = Client();

        Assert.Throws<ArgumentException>(() => client.CacheFolder(repoId));
    }

    private HubClient Client(HubOptions? options = null) => _hub.Client(_cache.Path, options);

    /// <summary>Records progress synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class ListProgress : IProgress<HubDownloadProgress>
    {
        private readonly ConcurrentQueue<HubDownloadProgress> _events = new();

        public IReadOnlyList<HubDownloadProgress> Events => _events.ToArray();

        public void Report(HubDownloadProgress value) => _events.Enqueue(value);
    }
}
