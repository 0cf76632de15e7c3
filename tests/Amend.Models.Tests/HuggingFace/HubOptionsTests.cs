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
    }

    [Fact]
    public void FromEnvironment_ReadsTheStandardHuggingFaceVariables()
    {
        // Given the three variables set (and restored afterwards: no other test reads them)
        string?[] saved = [Environment.GetEnvironmentVariable("HF_ENDPOINT"), Environment.GetEnvironmentVariable("HF_HUB_OFFLINE"), Environment.GetEnvironmentVariable("HF_TOKEN")];
        try
        {
            Environment.SetEnvironmentVariable("HF_ENDPOINT", "https://hf-mirror.example/");
            Environment.SetEnvironmentVariable("HF_HUB_OFFLINE", "1");
            Environment.SetEnvironmentVariable("HF_TOKEN", " hf_abc ");

            // When
            var options = HubOptions.FromEnvironment();

            // Then
            Assert.Equal(new Uri("https://hf-mirror.example"), options.Endpoint);
            Assert.True(options.Offline);
            Assert.Equal("hf_abc", options.Token);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HF_ENDPOINT", saved[0]);
            Environment.SetEnvironmentVariable("HF_HUB_OFFLINE", saved[1]);
            Environment.SetEnvironmentVariable("HF_TOKEN", saved[2]);
        }
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("not a url")]
    [InlineData("ftp://mirror.example")]
    public void FromEnvironment_RefusesAnEndpointThatIsNotAnHttpUrl(string endpoint)
    {
        string? saved = Environment.GetEnvironmentVariable("HF_ENDPOINT");
        try
        {
            Environment.SetEnvironmentVariable("HF_ENDPOINT", endpoint);

            var e = Assert.Throws<ArgumentException>(HubOptions.FromEnvironment);

            Assert.Equal($"HF_ENDPOINT '{endpoint}' is not an absolute http(s) URL such as https://huggingface.co", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HF_ENDPOINT", saved);
        }
    }

    [Theory]
    [InlineData("2.5", 2.5)]
    [InlineData("abc", null)]
    [InlineData("0", null)]
    public void FromEnvironment_ReadsTheDownloadTimeout(string value, double? seconds)
    {
        string? saved = Environment.GetEnvironmentVariable("HF_HUB_DOWNLOAD_TIMEOUT");
        try
        {
            Environment.SetEnvironmentVariable("HF_HUB_DOWNLOAD_TIMEOUT", value);

            if (seconds is double s) Assert.Equal(TimeSpan.FromSeconds(s), HubOptions.FromEnvironment().ReadTimeout);
            else Assert.Contains($"HF_HUB_DOWNLOAD_TIMEOUT '{value}' is not a number of seconds", Assert.Throws<ArgumentException>(HubOptions.FromEnvironment).Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HF_HUB_DOWNLOAD_TIMEOUT", saved);
        }
    }
}
