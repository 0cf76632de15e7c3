using System.Net;

namespace Amend.Models.HuggingFace;

/// <summary>Turns the hub's refusals into messages that say what is missing and what to do.</summary>
internal static class HubErrors
{
    public static HubException ForStatus(string repoId, string revision, string fileName, HttpStatusCode status, string? errorCode, Uri endpoint)
    {
        string where = $"{repoId}@{revision}";
        string message = (status, errorCode) switch
        {
            (HttpStatusCode.NotFound, "RepoNotFound" or "RepositoryNotFound") =>
                $"repository '{repoId}' not found on {endpoint} (HTTP 404); check the id, or pass an access token if it is private",
            (HttpStatusCode.NotFound, "RevisionNotFound") =>
                $"{repoId}: revision '{revision}' not found on {endpoint} (HTTP 404)",
            (HttpStatusCode.NotFound, _) =>
                $"{where}: file '{fileName}' not found on {endpoint} (HTTP 404)",
            (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, _) =>
                $"{where}: access to '{fileName}' refused (HTTP {(int)status}{(errorCode is null ? string.Empty : ", " + errorCode)}); the repository is gated or private: accept its terms on the hub and set HF_TOKEN to an access token (HubOptions.Token in code)",
            _ =>
                $"{where}: '{fileName}' could not be fetched from {endpoint}: HTTP {(int)status}{(errorCode is null ? string.Empty : " " + errorCode)}",
        };
        return new HubException(repoId, fileName, message, status);
    }
}
