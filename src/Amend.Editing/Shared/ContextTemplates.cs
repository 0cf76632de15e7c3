using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Amend.Models.Checkpoints;
using Amend.Models.Generation;
using Amend.Models.Inference;

namespace Amend.Editing.Shared;

/// <summary>
/// ROME's context templates: "{}" followed by short texts the model itself writes after "The", "Therefore",
/// "Because", "I" and "You", each ending in ". {}". The key and value steps put the edit prompt where "{}" is, so
/// the written fact holds after varied contexts, not only at the start of a text.
/// </summary>
/// <remarks>
/// Generation follows EasyEdit's <c>get_context_templates</c>: for each [length, count] of
/// context_template_length_params, count / 5 continuations of each start word with top-5 sampling until the
/// text is <c>length</c> tokens long (the start word included); decoded without special tokens, NFKD-normalised,
/// "\n\n" → " ", braces replaced (ROME removes them, the MEMIT family writes a space for each). EasyEdit samples with torch's generator, which cannot be reproduced here: to
/// repeat its edits, inject its templates (<see cref="EditOptions.ContextTemplates"/>, <see cref="ReadJson"/>).
/// Generated templates are cached per model, seed and length parameters, as EasyEdit caches them for the run,
/// so later edits see the templates the unedited model wrote.
/// </remarks>
public static class ContextTemplates
{
    private const int TopK = 5;
    private static readonly string[] StartWords = ["The", "Therefore", "Because", "I", "You"];
    private static readonly ConditionalWeakTable<CausalLanguageModel, ConcurrentDictionary<string, IReadOnlyList<string>>> Cache = new();

    /// <summary>The injected templates of <paramref name="options"/> when given, else the model's generated (cached) ones.</summary>
    /// <param name="model">The model that writes the templates.</param>
    /// <param name="lengthParams">context_template_length_params: [length, count] pairs.</param>
    /// <param name="options">Injected templates and the seed.</param>
    /// <param name="braces">What a brace in generated text becomes: "" for ROME, " " for MEMIT, AlphaEdit and PMET (EasyEdit's choices).</param>
    /// <exception cref="ArgumentException">An injected template lacks exactly one "{}", or a length parameter is not a [length, count] pair of positive numbers.</exception>
    public static IReadOnlyList<string> For(EditableModel model, IReadOnlyList<IReadOnlyList<int>> lengthParams, EditOptions options, string braces = "")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(lengthParams);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ContextTemplates is { } injected) return Check(injected, "EditOptions.ContextTemplates");
        string key = $"{options.Seed}|{string.Join(";", lengthParams.Select(p => string.Join(",", p)))}|{braces}";
        return Cache.GetOrCreateValue(model.Model).GetOrAdd(key, _ => Generate(model, lengthParams, options.Seed, braces));
    }

    /// <summary>Generates templates as described on the class, with a sampler seeded from <paramref name="seed"/>.</summary>
    /// <param name="model">The model that writes the templates.</param>
    /// <param name="lengthParams">context_template_length_params: [length, count] pairs.</param>
    /// <param name="seed">Seed of the sampler.</param>
    /// <param name="braces">What a brace in generated text becomes (see <see cref="For"/>).</param>
    /// <exception cref="ArgumentException">A length parameter is not a [length, count] pair with length ≥ 1 and count ≥ 0.</exception>
    public static IReadOnlyList<string> Generate(EditableModel model, IReadOnlyList<IReadOnlyList<int>> lengthParams, int seed, string braces = "")
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(lengthParams);
        var templates = new List<string> { "{}" };
        var generator = new TextGenerator(model.Model, model.Tokenizer);
        int call = 0;
        foreach (var pair in lengthParams)
        {
            if (pair.Count != 2 || pair[0] < 1 || pair[1] < 0) throw new ArgumentException($"context_template_length_params: [{string.Join(", ", pair)}] is not a [length ≥ 1, count ≥ 0] pair", nameof(lengthParams));
            int perWord = pair[1] / StartWords.Length;
            foreach (string word in StartWords)
            {
                int[] prompt = model.EncodePrompt(word);
                var continuations = Continue(generator, prompt, perWord, pair[0] - prompt.Length, unchecked((seed * 7919) + call++));
                templates.AddRange(continuations.Select(c => Clean(model.Tokenizer.Decode([.. prompt, .. c], skipSpecialTokens: true), braces) + ". {}"));
            }
        }

        return templates;
    }

    // count continuations of prompt, each newTokens long (none when the start word already fills the length).
    private static List<int[]> Continue(TextGenerator generator, int[] prompt, int count, int newTokens, int seed)
    {
        if (count == 0) return [];
        if (newTokens <= 0) return [.. Enumerable.Repeat(Array.Empty<int>(), count)];
        var options = new GenerationOptions { MaxNewTokens = newTokens, Temperature = 1f, TopK = TopK, Seed = seed };
        return [.. generator.Generate(Enumerable.Repeat(prompt, count).ToList(), options).Select(g => g.TokenIds.ToArray())];
    }

    /// <summary>
    /// Reads templates from JSON: a list of strings, a list of lists of strings (concatenated in order, as MEMIT
    /// groups them by length), or an object whose "templates" holds either, or holds named entries of which the
    /// first non-null one is used (the layout of EasyEdit goldens' context_templates.json).
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not one of those layouts, or a template lacks exactly one "{}"; the message names the file.</exception>
    public static IReadOnlyList<string> ReadJson(string path)
    {
        InputFile.RequireExists(path, "context templates file");
        try
        {
            using var document = JsonStrings.ParseDocument(InputFile.ReadAllText(path, "a context templates file"));
            return Check(Strings(document.RootElement, path), path);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private static List<string> Strings(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => [.. element.EnumerateArray().SelectMany(e => Strings(e, path))],
        JsonValueKind.Object when element.TryGetProperty("templates", out var inner) => inner.ValueKind == JsonValueKind.Object
            ? Strings(inner.EnumerateObject().Select(p => p.Value).FirstOrDefault(v => v.ValueKind != JsonValueKind.Null), path)
            : Strings(inner, path),
        _ => throw new InvalidDataException($"{path}: expected a list of template strings (or lists of them, or an object with \"templates\"), found {element.ValueKind}"),
    };

    private static IReadOnlyList<string> Check(IReadOnlyList<string> templates, string source)
    {
        if (templates.Count == 0) throw new ArgumentException($"{source}: no context templates; give at least \"{{}}\"");
        foreach (string t in templates)
        {
            if (t.Split("{}").Length != 2) throw new ArgumentException($"{source}: context template \"{t}\" must contain \"{{}}\" exactly once (where the prompt goes)");
        }

        return templates;
    }

    // A brace left in would become a second "{}" slot, or break the one the prompt goes in.
    internal static string Clean(string text, string braces) =>
        text.Normalize(NormalizationForm.FormKD).Replace("\n\n", " ", StringComparison.Ordinal).Replace("<|endoftext|>", string.Empty, StringComparison.Ordinal)
            .Replace("{", braces, StringComparison.Ordinal).Replace("}", braces, StringComparison.Ordinal);
}
