using System.Net;

namespace Amend.Models.HuggingFace;

/// <summary>Turns the hub's refusals into messages that say what is missing and what to do.</summary>
internal static class HubErrors
{
    /// <summary>The error for a refusal; <paramref name="errorCode"/> and <paramref name="errorMessage"/> are the hub's X-Error-Code and X-Error-Message.</summary>
    public static HubException ForStatus(string repoId, string revision, string fileName, HttpStatusCode status, string? errorCode, string? errorMessage, Uri endpoint, bool tokenSent)
    {
        string where = $"{repoId}@{revision}";
        string http = $"HTTP {(int)status}{(errorCode is null ? string.Empty : ", " + errorCode)}";
        string token = tokenSent ? "the access token sent was not accepted for it" : "no access token was sent (set HF_TOKEN or run `huggingface-cli login`; HubOptions.Token in code)";
        // The hub answers 401 RepoNotFound for a repository that does not exist as for a private one, when no token is sent.
        string message = (status, errorCode) switch
        {
            (_, "RepoNotFound" or "RepositoryNotFound") =>
                $"repository '{repoId}' not found on {endpoint} ({http}); check the id. If it is private, {token}",
            (_, "RevisionNotFound") =>
                $"{repoId}: revision '{revision}' not found on {endpoint} ({http}); check the branch, tag or commit",
            (_, "GatedRepo") =>
                $"{where}: '{repoId}' is gated ({http}): accept its terms on the hub with your account; {token}",
            (HttpStatusCode.NotFound, _) =>
                $"{where}: file '{fileName}' not found on {endpoint} ({http})",
            (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, _) =>
                $"{where}: access to '{fileName}' refused ({http}); the repository is gated or private: {token}",
            _ =>
                $"{where}: '{fileName}' could not be fetched from {endpoint} ({http})",
        };
        if (!string.IsNullOrWhiteSpace(errorMessage)) message += $". The hub says: {errorMessage.Trim()}";
        return new HubException(repoId, fileName, message, status);
    }
}
