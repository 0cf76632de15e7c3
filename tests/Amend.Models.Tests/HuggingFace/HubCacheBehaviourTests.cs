using System.Security.Cryptography;
using System.Text;
using Amend.Models.Checkpoints;
using Amend.Models.HuggingFace;
using Amend.Models.Tests.Checkpoints;

namespace Amend.Models.Tests.HuggingFace;

/// <summary>How the client fits a researcher's setup: huggingface_hub's cache, a network that is down, other processes, a repository that changes.</summary>
public sealed class HubCacheBehaviourTests : IDisposable
{
    private const string Repo = "tester/tiny";
    private readonly FakeHub _hub = new();
    private readonly TempFolder _cache = new();
    private readonly TempFolder _huggingFace = new();
    private readonly byte[] _weights;
    private readonly byte[] _config = Encoding.UTF8.GetBytes("{\"model_type\": \"gpt2\"}");

    public HubCacheBehaviourTests()
    {
        var tensors = new Dictionary<string, Tensor> { ["emb.weight"] = Tensor.Randn(new Shape(256, 256), new Random(3)) };
        using var folder = new TempFolder();
        SafetensorsWriter.WriteFolder(folder.Path, tensors);
        _weights = File.ReadAllBytes(Path.Combine(folder.Path, "model.safetensors"));
        _hub.Add(Repo, "config.json", _config);
        _hub.Add(Repo, "model.safetensors", _weights);
    }

    public void Dispose()
    {
        _hub.Dispose();
        _cache.Dispose();
        _huggingFace.Dispose();
    }

    [Fact]
    public async Task EveryFileAfterTheConfig_IsAskedForAtTheConfigsCommit()
    {
        using var client = Client();

        await client.DownloadModelAsync(Repo);

        var heads = _hub.Log.Where(l => l.StartsWith("HEAD ", StringComparison.Ordinal)).ToArray();
        Assert.Equal($"HEAD /{Repo}/resolve/main/config.json", heads[0]);
        Assert.True(heads.Length > 2);
        Assert.All(heads[1..], h => Assert.StartsWith($"HEAD /{Repo}/resolve/{_hub.Commit}/", h, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACommitHashRevision_ThatIsCached_NeedsNoRequest()
    {
        using var client = Client();
        await client.DownloadModelAsync(Repo, _hub.Commit);
        int requests = _hub.Log.Count;

        string folder = await client.DownloadModelAsync(Repo, _hub.Commit);
        string config = await client.DownloadFileAsync(Repo, "config.json", _hub.Commit);

        Assert.Equal(requests, _hub.Log.Count);
        Assert.Equal(_weights, File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));
        Assert.Equal(_config, File.ReadAllBytes(config));
    }

    [Fact]
    public async Task AnUnreachableHub_FallsBackToTheCachedModel_WithAWarning()
    {
        // Given a model cached from a hub that then goes away
        using (var online = Client()) await online.DownloadModelAsync(Repo);
        var endpoint = _hub.Endpoint;
        _hub.Dispose();
        using var client = new HubClient(new HubOptions { Endpoint = endpoint, CacheDirectory = _cache.Path, RetryDelay = TimeSpan.Zero, MaxAttempts = 1 });

        // When
        string folder = await client.DownloadModelAsync(Repo);

        // Then the cached copy serves, and the warning says why
        Assert.Equal(_weights, File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));
        string warning = Assert.Single(client.Warnings);
        Assert.Contains($"could not reach {endpoint}", warning, StringComparison.Ordinal);
        Assert.EndsWith($"using the copy cached in {folder}", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableHub_WithNothingCached_IsAnError_AfterEveryTry()
    {
        var endpoint = _hub.Endpoint;
        _hub.Dispose();
        using var client = new HubClient(new HubOptions { Endpoint = endpoint, CacheDirectory = _cache.Path, RetryDelay = TimeSpan.Zero, MaxAttempts = 3 });

        var e = await Assert.ThrowsAsync<HubException>(() => client.DownloadModelAsync(Repo));

        Assert.True(e.IsUnreachable);
        Assert.Contains($"could not reach {endpoint} for 'config.json' in 3 tries", e.Message, StringComparison.Ordinal);
        Assert.Contains("pass --offline", e.Message, StringComparison.Ordinal);
        Assert.Empty(client.Warnings);
    }

    [Fact]
    public async Task AHostNameThatDoesNotResolve_IsNotTriedAgain_ButStillFallsBackToTheCache()
    {
        // Given a cached model, and a hub whose name cannot resolve (.invalid never does, RFC 2606)
        using (var online = Client()) await online.DownloadModelAsync(Repo);
        var endpoint = new Uri("http://amend-test.invalid");
        var options = new HubOptions { Endpoint = endpoint, CacheDirectory = _cache.Path, RetryDelay = TimeSpan.Zero, MaxAttempts = 3 };
        using var client = new HubClient(options);
        using var uncached = new HubClient(options with { CacheDirectory = Path.Combine(_cache.Path, "empty") });

        // When
        string folder = await client.DownloadModelAsync(Repo);
        var e = await Assert.ThrowsAsync<HubException>(() => uncached.DownloadModelAsync(Repo));

        // Then one try only, said in the message, and the cached copy still serves
        Assert.Equal(_weights, File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));
        Assert.True(e.IsUnreachable);
        Assert.Contains("the host name did not resolve, so it was not tried again", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tries", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoClientsOnOneCache_TransferTheWeightsOnce()
    {
        using var first = Client();
        using var second = Client();

        string[] folders = await Task.WhenAll(first.DownloadModelAsync(Repo), second.DownloadModelAsync(Repo));

        Assert.Equal(folders[0], folders[1]);
        Assert.Equal(_weights, File.ReadAllBytes(Path.Combine(folders[0], "model.safetensors")));
        Assert.Equal(1, _hub.Count("GET /cdn/"));
    }

    [Fact]
    public async Task ACurrentModel_LeavesItsManifestUnwritten()
    {
        using var client = Client();
        string folder = await client.DownloadModelAsync(Repo);
        string manifest = Assert.Single(Directory.GetFiles(_cache.Path, "model-files.json", SearchOption.AllDirectories));
        var written = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(manifest, written);

        await client.DownloadModelAsync(Repo);

        Assert.Equal(written, File.GetLastWriteTimeUtc(manifest));
        Assert.True(File.Exists(Path.Combine(folder, "config.json")));
    }

    [Fact]
    public async Task ARepositoryThatWentFromShardsToOneFile_LoadsTheNewFile_NotTheOldIndex()
    {
        // Given a sharded version cached
        using var sharded = new TempFolder();
        SafetensorsWriter.WriteFolder(sharded.Path, new Dictionary<string, Tensor> { ["emb.weight"] = Tensor.Zeros(64, 64), ["ln.weight"] = Tensor.Ones(64) }, maxShardBytes: 4096);
        _hub.Remove(Repo, "model.safetensors");
        foreach (var file in Directory.GetFiles(sharded.Path)) _hub.Add(Repo, Path.GetFileName(file), File.ReadAllBytes(file));
        using var client = Client();
        string folder = await client.DownloadModelAsync(Repo);
        Assert.True(File.Exists(Path.Combine(folder, SafetensorsIndex.FileName)));

        // When the repository replaces its shards with one file
        foreach (var file in Directory.GetFiles(sharded.Path)) _hub.Remove(Repo, Path.GetFileName(file));
        _hub.Add(Repo, "model.safetensors", _weights);
        _hub.Commit = "fedcba9876543210fedcba9876543210fedcba98";
        await client.DownloadModelAsync(Repo);

        // Then the index and shards are gone and the checkpoint is the new file
        Assert.Equal(["config.json", "model.safetensors"], Directory.GetFiles(folder).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
        using var checkpoint = SafetensorsCheckpoint.Open(folder);
        Assert.Single(checkpoint.Files);
        Assert.Equal(new Shape(256, 256), checkpoint.Load("emb.weight").Shape);
    }

    [Fact]
    public async Task AFileHuggingFaceHubHolds_IsCopiedFromItsCache_NotDownloaded()
    {
        // Given huggingface_hub's cache holding the weights' blob under its sha256
        string sha = Convert.ToHexStringLower(SHA256.HashData(_weights));
        string blobs = Path.Combine(_huggingFace.Path, "models--tester--tiny", "blobs");
        Directory.CreateDirectory(blobs);
        File.WriteAllBytes(Path.Combine(blobs, sha), _weights);
        using var client = Client(new() { HuggingFaceCacheDirectory = _huggingFace.Path });

        // When
        string folder = await client.DownloadModelAsync(Repo);

        // Then the CDN was never asked, and the file is in Amend's cache
        Assert.Equal(0, _hub.Count("GET /cdn/"));
        Assert.Equal(_weights, File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));
        Assert.StartsWith(_cache.Path, folder, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offline_AHuggingFaceHubSnapshot_ServesAsTheModelFolder()
    {
        // Given huggingface_hub's cache with main pointing at a complete snapshot, and Amend's cache empty
        string repo = Path.Combine(_huggingFace.Path, "models--tester--tiny");
        string snapshot = Path.Combine(repo, "snapshots", _hub.Commit);
        Directory.CreateDirectory(snapshot);
        Directory.CreateDirectory(Path.Combine(repo, "refs"));
        File.WriteAllText(Path.Combine(repo, "refs", "main"), _hub.Commit);
        File.WriteAllBytes(Path.Combine(snapshot, "config.json"), _config);
        File.WriteAllBytes(Path.Combine(snapshot, "model.safetensors"), _weights);
        using var client = Client(new() { Offline = true, HuggingFaceCacheDirectory = _huggingFace.Path });

        // When
        string folder = await client.DownloadModelAsync(Repo);
        string byCommit = await client.DownloadModelAsync(Repo, _hub.Commit);

        // Then
        Assert.Equal(snapshot, folder);
        Assert.Equal(snapshot, byCommit);
        Assert.Empty(_hub.Log);
    }

    [Fact]
    public async Task Offline_AnIncompleteHuggingFaceHubSnapshot_IsNotUsed()
    {
        string snapshot = Path.Combine(_huggingFace.Path, "models--tester--tiny", "snapshots", _hub.Commit);
        Directory.CreateDirectory(snapshot);
        File.WriteAllBytes(Path.Combine(snapshot, "config.json"), _config);
        using var client = Client(new() { Offline = true, HuggingFaceCacheDirectory = _huggingFace.Path });

        var e = await Assert.ThrowsAsync<HubException>(() => client.DownloadModelAsync(Repo, _hub.Commit));

        Assert.Contains("is not in the cache", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConnectionThatDropsMoreTimesThanAttempts_StillCompletes_WhileEachTryGetsFurther()
    {
        using var client = Client(new() { MaxAttempts = 2 });
        _hub.DropEach("model.safetensors", 60_000, times: 4);

        string folder = await client.DownloadModelAsync(Repo);

        Assert.Equal(_weights, File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));
        Assert.Equal(5, _hub.Count("GET /cdn/"));
    }

    [Fact]
    public async Task APartFileThatCannotBeWritten_IsReportedAtOnce_NotRetried()
    {
        // Given the place of every part file taken by a folder, as a file that cannot be opened for writing
        using var client = Client();
        string meta = Path.Combine(_cache.Path, "models--tester--tiny", "meta", "main");
        string sha = Convert.ToHexStringLower(SHA256.HashData(_weights));
        Directory.CreateDirectory(Path.Combine(meta, $"model.safetensors.{ShortHash.Of(sha)}.part"));

        // When
        var e = await Assert.ThrowsAsync<HubException>(() => client.DownloadFileAsync(Repo, "model.safetensors"));

        // Then it names the file and the cache, after one request for the bytes
        Assert.Contains("could not write 'model.safetensors' to ", e.Message, StringComparison.Ordinal);
        Assert.Contains("AMEND_HUB_CACHE", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, _hub.Count("GET /cdn/"));
    }

    [Fact]
    public async Task AMissingRepository_AnsweredWith401_IsReportedAsNotFound_WithTheHubsMessage()
    {
        _hub.MissingRepoStatus = 401;
        _hub.ErrorMessage = "Repository not found";
        using var anonymous = Client();
        using var withToken = Client(new() { Token = "hf_x" });

        var e = await Assert.ThrowsAsync<HubException>(() => anonymous.DownloadModelAsync("nobody/none"));
        var tokened = await Assert.ThrowsAsync<HubException>(() => withToken.DownloadModelAsync("nobody/none"));

        Assert.StartsWith($"repository 'nobody/none' not found on {_hub.Endpoint} (HTTP 401, RepoNotFound); check the id", e.Message, StringComparison.Ordinal);
        Assert.Contains("no access token was sent", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("The hub says: Repository not found", e.Message, StringComparison.Ordinal);
        Assert.Contains("the access token sent was not accepted", tokened.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACdnRefusal_DoesNotPrintTheSignedUrlsQuery()
    {
        _hub.CdnQuery = "?X-Amz-Signature=sekrit";
        _hub.CdnRefuses = 403;
        using var client = Client();

        var e = await Assert.ThrowsAsync<HubException>(() => client.DownloadFileAsync(Repo, "model.safetensors"));

        Assert.Contains("failed with HTTP 403", e.Message, StringComparison.Ordinal);
        Assert.Contains("/cdn/", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sekrit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShardedPickleWeights_GetTheConversionHint()
    {
        _hub.Add("tester/pickled", "config.json", _config);
        _hub.Add("tester/pickled", "pytorch_model.bin.index.json", Encoding.UTF8.GetBytes("{}"));
        using var client = Client();

        var e = await Assert.ThrowsAsync<HubException>(() => client.DownloadModelAsync("tester/pickled"));

        Assert.Contains("it has only pytorch_model.bin weights", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*.safetensors")]
    [InlineData("model-?.safetensors")]
    public async Task AFileNameWithWildcards_IsRefused(string name)
    {
        using var client = Client();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.DownloadFileAsync(Repo, name));

        Assert.Contains($"'{name}' is not a plain file name", e.Message, StringComparison.Ordinal);
    }

    private HubClient Client(HubOptions? options = null) => _hub.Client(_cache.Path, options);
}
