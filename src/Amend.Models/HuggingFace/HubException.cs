using System.Net;

namespace Amend.Models.HuggingFace;

/// <summary>A file could not be obtained from the hub or the cache. The message names the repository, revision and file, and what to do.</summary>
public sealed class HubException : Exception
{
    /// <summary>Creates the exception for <paramref name="fileName"/> of <paramref name="repoId"/>.</summary>
    public HubException(string repoId, string? fileName, string message, HttpStatusCode? statusCode = null, Exception? inner = null)
        : base(message, inner)
    {
        RepoId = repoId;
        FileName = fileName;
        StatusCode = statusCode;
    }

    /// <summary>The repository, e.g. "gpt2" or "meta-llama/Llama-2-7b-hf".</summary>
    public string RepoId { get; }

    /// <summary>The file within the repository, when the problem concerns one.</summary>
    public string? FileName { get; }

    /// <summary>The HTTP status the hub answered with, when it answered.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>True when the hub could not be reached at all (no connection, no answer in time), as opposed to an answer or a local failure.</summary>
    public bool IsUnreachable { get; init; }
}
