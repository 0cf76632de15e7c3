namespace Amend.Models.HuggingFace;

/// <summary>Where <see cref="HubClient"/> downloads from, where it caches, and whether it may use the network.</summary>
/// <remarks>
/// Nothing here is read from the environment implicitly. <see cref="FromEnvironment()"/> is an explicit opt-in
/// for tools that want the standard Hugging Face variables (HF_ENDPOINT, HF_HUB_OFFLINE, HF_TOKEN, HF_HOME, …).
/// </remarks>
public sealed record HubOptions
{
    /// <summary>The Hugging Face Hub.</summary>
    public static readonly Uri DefaultEndpoint = new("https://huggingface.co");

    /// <summary>Base URL of the hub or a mirror; files are fetched from <c>{Endpoint}/{repo}/resolve/{revision}/{file}</c>.</summary>
    public Uri Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>Root of the download cache. Default <c>~/.cache/amend/hub</c>.</summary>
    public string CacheDirectory { get; init; } = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "amend", "hub");

    /// <summary>
    /// huggingface_hub's own cache (<c>~/.cache/huggingface/hub</c>), read but never written: a file it already holds
    /// with the ETag the hub gives is copied from there instead of downloaded, and offline, a snapshot it holds
    /// serves as the model folder. Null (the default) to ignore it.
    /// </summary>
    public string? HuggingFaceCacheDirectory { get; init; }

    /// <summary>When true the client never touches the network: cached files are returned, anything else is an error.</summary>
    public bool Offline { get; init; }

    /// <summary>Access token for gated or private repositories (sent only to <see cref="Endpoint"/>'s host), or null.</summary>
    public string? Token { get; init; }

    /// <summary>Tries per request before a failure is reported; a transfer that received bytes starts the count again. Default 5.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>Wait before the second try, doubled for each later one (<see cref="RetryWait"/>). Default 1 second.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A transfer that receives nothing for this long is treated as interrupted. Default 60 seconds.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a metadata (HEAD) request may take before it counts as failed. Default 10 seconds.</summary>
    public TimeSpan MetadataTimeout { get; init; } = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan s_maxRetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long to wait before try <paramref name="attempt"/> + 1: <see cref="RetryDelay"/> doubled per earlier try,
    /// capped at 8 s (or at the delay itself when longer), or <paramref name="asked"/> (a server's Retry-After)
    /// when that is longer, up to a minute.
    /// </summary>
    public TimeSpan RetryWait(int attempt, TimeSpan? asked = null)
    {
        var cap = RetryDelay > s_maxBackoff ? RetryDelay : s_maxBackoff;
        var wait = RetryDelay * Math.Pow(2, Math.Clamp(attempt - 1, 0, 10));
        if (wait > cap) wait = cap;
        if (asked is TimeSpan a && a > wait) wait = a < s_maxRetryAfter ? a : s_maxRetryAfter;
        return wait;
    }

    /// <summary>Reads <see cref="FromEnvironment(Func{string, string?})"/>'s variables from the process environment.</summary>
    /// <exception cref="ArgumentException">A variable's value is invalid; the message names and quotes it.</exception>
    public static HubOptions FromEnvironment() => FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>
    /// Defaults overridden by the variables huggingface_hub reads, as it reads them: HF_ENDPOINT (base URL);
    /// HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE ("1", "true", "yes" or "on" = offline); the token from HF_TOKEN, else
    /// HUGGING_FACE_HUB_TOKEN, else the file <c>huggingface-cli login</c> writes (HF_TOKEN_PATH, default
    /// <c>$HF_HOME/token</c>); HF_HUB_DOWNLOAD_TIMEOUT (<see cref="ReadTimeout"/>) and HF_HUB_ETAG_TIMEOUT
    /// (<see cref="MetadataTimeout"/>), in seconds; huggingface_hub's cache at HF_HUB_CACHE, default <c>$HF_HOME/hub</c>
    /// (HF_HOME defaults to <c>$XDG_CACHE_HOME/huggingface</c>, then <c>~/.cache/huggingface</c>). Amend's own cache
    /// moves with AMEND_HUB_CACHE.
    /// </summary>
    /// <param name="variable">Looks up a variable by name; null when unset.</param>
    /// <exception cref="ArgumentException">A variable's value is invalid; the message names and quotes it.</exception>
    public static HubOptions FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string? Get(string name) => string.IsNullOrWhiteSpace(variable(name)) ? null : variable(name)!.Trim();
        var options = new HubOptions();
        string home = Get("HF_HOME") ?? Path.Combine(Get("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "huggingface");
        return options with
        {
            Endpoint = Get("HF_ENDPOINT") is { } endpoint ? ParseEndpoint(endpoint) : options.Endpoint,
            CacheDirectory = Get("AMEND_HUB_CACHE") ?? options.CacheDirectory,
            HuggingFaceCacheDirectory = Get("HF_HUB_CACHE") ?? Path.Combine(home, "hub"),
            Offline = IsTrue(Get("HF_HUB_OFFLINE")) || IsTrue(Get("TRANSFORMERS_OFFLINE")),
            Token = Get("HF_TOKEN") ?? Get("HUGGING_FACE_HUB_TOKEN") ?? ReadTokenFile(Get("HF_TOKEN_PATH") ?? Path.Combine(home, "token")),
            ReadTimeout = Get("HF_HUB_DOWNLOAD_TIMEOUT") is { } read ? ParseTimeout("HF_HUB_DOWNLOAD_TIMEOUT", read) : options.ReadTimeout,
            MetadataTimeout = Get("HF_HUB_ETAG_TIMEOUT") is { } head ? ParseTimeout("HF_HUB_ETAG_TIMEOUT", head) : options.MetadataTimeout,
        };
    }

    private static bool IsTrue(string? value) => value?.ToLowerInvariant() is "1" or "true" or "yes" or "on";

    // As huggingface_hub: an absent or unreadable token file means no token, not an error.
    private static string? ReadTokenFile(string path)
    {
        try
        {
            return File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } token ? token : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Uri ParseEndpoint(string value) =>
        Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"HF_ENDPOINT '{value}' is not an absolute http(s) URL such as https://huggingface.co");

    private static TimeSpan ParseTimeout(string name, string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds) && seconds > 0 && seconds <= 86400
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{name} '{value}' is not a number of seconds between 0 and 86400");
}
