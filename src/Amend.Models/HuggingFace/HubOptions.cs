namespace Amend.Models.HuggingFace;

/// <summary>Where <see cref="HubClient"/> downloads from, where it caches, and whether it may use the network.</summary>
/// <remarks>
/// Nothing here is read from the environment implicitly. <see cref="FromEnvironment"/> is an explicit opt-in
/// for tools that want the standard Hugging Face variables (HF_ENDPOINT, HF_HUB_OFFLINE, HF_TOKEN).
/// </remarks>
public sealed record HubOptions
{
    /// <summary>The Hugging Face Hub.</summary>
    public static readonly Uri DefaultEndpoint = new("https://huggingface.co");

    /// <summary>Base URL of the hub or a mirror; files are fetched from <c>{Endpoint}/{repo}/resolve/{revision}/{file}</c>.</summary>
    public Uri Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>Root of the download cache. Default <c>~/.cache/amend/hub</c>.</summary>
    public string CacheDirectory { get; init; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "amend", "hub");

    /// <summary>When true the client never touches the network: cached files are returned, anything else is an error.</summary>
    public bool Offline { get; init; }

    /// <summary>Access token for gated or private repositories (sent only to <see cref="Endpoint"/>'s host), or null.</summary>
    public string? Token { get; init; }

    /// <summary>Tries per file before an interrupted transfer is reported (each try resumes where the last stopped). Default 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Wait before try n+1, multiplied by n. Default 1 second.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A transfer that receives nothing for this long is treated as interrupted. Default 60 seconds.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Defaults overridden by the standard Hugging Face variables when set: HF_ENDPOINT (base URL),
    /// HF_HUB_OFFLINE ("1", "true", "yes" or "on" = offline), HF_TOKEN (access token) and
    /// HF_HUB_DOWNLOAD_TIMEOUT (seconds without data before a transfer counts as interrupted: <see cref="ReadTimeout"/>).
    /// </summary>
    /// <exception cref="ArgumentException">HF_ENDPOINT is not an absolute http(s) URL; the message quotes it.</exception>
    public static HubOptions FromEnvironment()
    {
        var options = new HubOptions();
        string? endpoint = Environment.GetEnvironmentVariable("HF_ENDPOINT");
        string? offline = Environment.GetEnvironmentVariable("HF_HUB_OFFLINE");
        string? token = Environment.GetEnvironmentVariable("HF_TOKEN");
        string? timeout = Environment.GetEnvironmentVariable("HF_HUB_DOWNLOAD_TIMEOUT");
        return options with
        {
            Endpoint = string.IsNullOrWhiteSpace(endpoint) ? options.Endpoint : ParseEndpoint(endpoint),
            Offline = offline?.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "on",
            Token = string.IsNullOrWhiteSpace(token) ? null : token.Trim(),
            ReadTimeout = string.IsNullOrWhiteSpace(timeout) ? options.ReadTimeout : ParseTimeout(timeout),
        };
    }

    private static Uri ParseEndpoint(string value) =>
        Uri.TryCreate(value.Trim().TrimEnd('/'), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"HF_ENDPOINT '{value}' is not an absolute http(s) URL such as https://huggingface.co");

    private static TimeSpan ParseTimeout(string value) =>
        double.TryParse(value.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds) && seconds > 0 && seconds <= 86400
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"HF_HUB_DOWNLOAD_TIMEOUT '{value}' is not a number of seconds between 0 and 86400");
}
