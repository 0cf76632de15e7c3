namespace Amend.World.Generation;

/// <summary>
/// Invented, pronounceable names built from syllables, so that no real-world knowledge can help or
/// interfere. Every name a generator hands out is new: a word is never reused, even across kinds.
/// </summary>
internal sealed class SyllableNames(Random random)
{
    // Draws of one length that may all collide before a name gets one syllable more: a world with more countries
    // than there are one-syllable country names must not loop forever. Far above what a world of the sizes
    // generated so far needs, so their names (and seeds' worlds) are unchanged.
    private const int DrawsPerLength = 1000;

    private static readonly string[] s_onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "st", "tr", "th", "sh", "h"];
    private static readonly string[] s_vowels = ["a", "e", "i", "o", "u", "a", "e", "o", "ai", "ou"];
    private static readonly string[] s_codas = ["", "", "", "n", "r", "l", "s", "k", "m"];
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A fresh capitalised word of <paramref name="syllables"/> syllables followed by <paramref name="ending"/>, or of
    /// more syllables once that many are used up.
    /// </summary>
    public string Word(int syllables, string ending = "")
    {
        for (int draw = 0; ; draw++)
        {
            int length = syllables + (draw / DrawsPerLength);
            var text = new System.Text.StringBuilder();
            for (int i = 0; i < length; i++)
            {
                text.Append(Pick(s_onsets)).Append(Pick(s_vowels));
                if (i == length - 1 || random.Next(3) == 0) text.Append(Pick(s_codas));
            }

            text.Append(ending);
            string word = char.ToUpperInvariant(text[0]) + text.ToString(1, text.Length - 1);
            if (_used.Add(word)) return word;
        }
    }

    /// <summary>One of <paramref name="options"/>, uniformly.</summary>
    public string Pick(string[] options) => options[random.Next(options.Length)];
}
