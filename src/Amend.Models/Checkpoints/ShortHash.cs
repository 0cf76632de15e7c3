using System.Security.Cryptography;
using System.Text;

namespace Amend.Models.Checkpoints;

/// <summary>
/// The first 16 hex digits of a text's SHA-256: how cache files (statistics, KNE ensembles, partial downloads) are
/// named after a key of any length and content, short and made of plain characters.
/// </summary>
public static class ShortHash
{
    /// <summary>16 lower-case hex digits of SHA-256(UTF-8 of <paramref name="text"/>).</summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
