namespace Amend.Models.Tokenizers;

/// <summary>Finds the id of a token named in a config file: among the added tokens first, then in the vocabulary.</summary>
internal static class SpecialTokenLookup
{
    /// <summary>The id of <paramref name="token"/>, null when <paramref name="token"/> is null.</summary>
    /// <exception cref="TokenizerFormatException">The token is named but has no id.</exception>
    public static int? Find(string? token, IReadOnlyDictionary<string, int> vocab, IEnumerable<AddedToken> added, string file, string field)
    {
        if (token is null) return null;
        foreach (var a in added)
        {
            if (a.Content == token) return a.Id;
        }

        return vocab.TryGetValue(token, out int id)
            ? id
            : throw new TokenizerFormatException(file, $"{field} \"{token}\" is neither an added token nor in the vocabulary");
    }

    /// <summary>The only id of <paramref name="ids"/>, or null when there are none or several.</summary>
    public static int? Single(int[] ids) => ids.Length == 1 ? ids[0] : null;
}
