using Amend.Models.HuggingFace;

namespace Amend.Models.Tests.HuggingFace;

public sealed class HubOptionsTests
{
    [Fact]
    public void Defaults_UseThePublicHubAndTheAmendCache_WithoutReadingTheEnvironment()
    {
        var options = new HubOptions();

        Assert.Equal(new Uri("https://huggingface.co"), options.Endpoint);
        Assert.EndsWith(Path.Combine(".cache", "amend", "hub"), options.CacheDirectory, StringComparison.Ordinal);
        Assert.False(options.Offline);
        Assert.Null(options.Token);
        Assert.Null(options.HuggingFaceCacheDirectory);
    }

    [Fact]
    public void FromEnvironment_ReadsTheStandardHuggingFaceVariables()
    {
        var options = HubOptions.FromEnvironment(Variables(
            ("HF_ENDPOINT", "https://hf-mirror.example/"), ("HF_HUB_OFFLINE", "1"), ("HF_TOKEN", " hf_abc "),
            ("HF_HUB_CACHE", "/data/hf/hub"), ("AMEND_HUB_CACHE", "/scratch/amend"), ("HF_HUB_ETAG_TIMEOUT", "3")));

        Assert.Equal(new Uri("https://hf-mirror.example"), options.Endpoint);
        Assert.True(options.Offline);
        Assert.Equal("hf_abc", options.Token);
        Assert.Equal("/data/hf/hub", options.HuggingFaceCacheDirectory);
        Assert.Equal("/scratch/amend", options.CacheDirectory);
        Assert.Equal(TimeSpan.FromSeconds(3), options.MetadataTimeout);
    }

    [Fact]
    public void FromEnvironment_WithNothingSet_KeepsTheDefaults_AndFindsHuggingFaceHubsCacheInTheHome()
    {
        var options = HubOptions.FromEnvironment(Variables(("HF_TOKEN_PATH", "/nonexistent/token")));

        Assert.Equal(new HubOptions().CacheDirectory, options.CacheDirectory);
        Assert.False(options.Offline);
        Assert.Null(options.Token);
        Assert.EndsWith(Path.Combine(".cache", "huggingface", "hub"), options.HuggingFaceCacheDirectory, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_TakesTransformersOffline()
    {
        Assert.True(HubOptions.FromEnvironment(Variables(("TRANSFORMERS_OFFLINE", "yes"))).Offline);
        Assert.False(HubOptions.FromEnvironment(Variables(("TRANSFORMERS_OFFLINE", "0"))).Offline);
    }

    [Fact]
    public void FromEnvironment_FindsTheToken_AsHuggingFaceHubDoes()
    {
        // Given a login token file in HF_HOME, and another at HF_TOKEN_PATH
        using var home = new Checkpoints.TempFolder();
        File.WriteAllText(Path.Combine(home.Path, "token"), "hf_login\n");
        string elsewhere = Path.Combine(home.Path, "other-token");
        File.WriteAllText(elsewhere, "hf_path");

        // Then HF_TOKEN wins, then HUGGING_FACE_HUB_TOKEN, then HF_TOKEN_PATH's file, then $HF_HOME/token
        Assert.Equal("hf_env", HubOptions.FromEnvironment(Variables(("HF_TOKEN", "hf_env"), ("HUGGING_FACE_HUB_TOKEN", "hf_old"), ("HF_HOME", home.Path))).Token);
        Assert.Equal("hf_old", HubOptions.FromEnvironment(Variables(("HUGGING_FACE_HUB_TOKEN", "hf_old"), ("HF_HOME", home.Path))).Token);
        Assert.Equal("hf_path", HubOptions.FromEnvironment(Variables(("HF_TOKEN_PATH", elsewhere), ("HF_HOME", home.Path))).Token);
        Assert.Equal("hf_login", HubOptions.FromEnvironment(Variables(("HF_HOME", home.Path))).Token);
        Assert.Equal(Path.Combine(home.Path, "hub"), HubOptions.FromEnvironment(Variables(("HF_HOME", home.Path))).HuggingFaceCacheDirectory);
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("not a url")]
    [InlineData("ftp://mirror.example")]
    public void FromEnvironment_RefusesAnEndpointThatIsNotAnHttpUrl(string endpoint)
    {
        var e = Assert.Throws<ArgumentException>(() => HubOptions.FromEnvironment(Variables(("HF_ENDPOINT", endpoint))));

        Assert.Equal($"HF_ENDPOINT '{endpoint}' is not an absolute http(s) URL such as https://huggingface.co", e.Message);
    }

    [Theory]
    [InlineData("HF_HUB_DOWNLOAD_TIMEOUT", "2.5", 2.5)]
    [InlineData("HF_HUB_DOWNLOAD_TIMEOUT", "abc", null)]
    [InlineData("HF_HUB_DOWNLOAD_TIMEOUT", "0", null)]
    [InlineData("HF_HUB_ETAG_TIMEOUT", "-1", null)]
    public void FromEnvironment_ReadsTheTimeouts(string name, string value, double? seconds)
    {
        HubOptions Read() => HubOptions.FromEnvironment(Variables((name, value)));

        if (seconds is double s) Assert.Equal(TimeSpan.FromSeconds(s), Read().ReadTimeout);
        else Assert.Contains($"{name} '{value}' is not a number of seconds", Assert.Throws<ArgumentException>(Read).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, null, 1)]
    [InlineData(2, null, 2)]
    [InlineData(4, null, 8)]
    [InlineData(9, null, 8)]
    [InlineData(1, 30.0, 30)]
    [InlineData(1, 600.0, 60)]
    [InlineData(4, 3.0, 8)]
    public void Backoff_DoublesUpToACap_AndHonoursRetryAfterUpToAMinute(int attempt, double? retryAfter, double seconds)
    {
        var options = new HubOptions { RetryDelay = TimeSpan.FromSeconds(1) };

        var wait = options.RetryWait(attempt, retryAfter is double r ? TimeSpan.FromSeconds(r) : null);

        Assert.Equal(TimeSpan.FromSeconds(seconds), wait);
    }

    private static Func<string, string?> Variables(params (string Name, string Value)[] set) =>
        name => set.FirstOrDefault(v => v.Name == name).Value;
}
