using Amend.Models.Checkpoints;
using Amend.Models.Inference;
using Amend.Models.Tokenizers;

namespace Amend.Models.HuggingFace;

/// <summary>
/// Writes a model as a Hugging Face folder: model.safetensors under the checkpoint's own names (each weight
/// in its current dtype: unedited half weights stay half), plus config, generation config and tokenizer files
/// copied from the folder it was loaded from. Everything is written to a temporary sibling folder that is then
/// renamed into place, so a failure never leaves a half-written model.
/// </summary>
public static class ModelSaver
{
    /// <summary>Companion files copied from the source folder when present.</summary>
    public static IReadOnlyList<string> CompanionFiles { get; } =
    [
        "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
        "vocab.json", "merges.txt", "tokenizer.model", "added_tokens.json", TokenizerLoader.Llama2cFileName,
    ];

    /// <summary>Saves <paramref name="model"/> to <paramref name="destination"/>.</summary>
    /// <param name="model">The model, edited or not.</param>
    /// <param name="destination">The folder to create; it must not exist unless <paramref name="overwrite"/>.</param>
    /// <param name="sourceFolder">Where the model was loaded from, for its config and tokenizer files; null for imports.</param>
    /// <param name="configJson">config.json text to write instead of the source's (imports have none).</param>
    /// <param name="overwrite">Replace an existing destination (only after the new folder is complete).</param>
    /// <param name="tokenizerSource">Where the tokenizer was loaded from when not from <paramref name="sourceFolder"/>: a folder, whose
    /// tokenizer files win, or a llama2.c tokenizer file (an import's tok512.bin), saved as tokenizer.bin, which loading the folder reads.</param>
    /// <param name="writeExtras">Writes further files (an edit journal, tokenizer files) into the staging folder it is given, before the rename.</param>
    /// <exception cref="IOException">The destination exists and <paramref name="overwrite"/> is false.</exception>
    /// <exception cref="ArgumentException">Neither a source folder nor config text says what config.json to write.</exception>
    public static void Save(CausalLanguageModel model, string destination, string? sourceFolder = null, string? configJson = null, bool overwrite = false, Action<string>? writeExtras = null, string? tokenizerSource = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        string parent = CheckDestination(destination, sourceFolder, overwrite);
        if (configJson is null && (sourceFolder is null || !File.Exists(Path.Combine(sourceFolder, "config.json"))))
        {
            throw new ArgumentException("saving needs the model's config.json: give the folder it was loaded from or the config text", nameof(configJson));
        }

        string staging = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(staging);
            CopyCompanions(sourceFolder, staging, CompanionFiles);
            CopyCompanions(tokenizerSource, staging, CompanionFiles.Where(n => n is not "config.json" and not "generation_config.json"));
            if (File.Exists(tokenizerSource)) File.Copy(tokenizerSource, Path.Combine(staging, TokenizerLoader.Llama2cFileName), overwrite: true);
            if (configJson is not null) File.WriteAllText(Path.Combine(staging, "config.json"), configJson);
            var tensors = model.Parameters.ToDictionary(p => p.Name, p => p.Value);
            SafetensorsWriter.WriteFile(Path.Combine(staging, "model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
            writeExtras?.Invoke(staging);
            Publish(staging, target, sourceFolder, overwrite);
        }
        catch (Exception e) when (e is not StrandedSaveException)
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Folders a save to <paramref name="destination"/> leaves only when its process is killed mid-save (a second
    /// Ctrl+C, SIGKILL, power loss): the staging folder ".NAME.GUID.tmp" and a replaced model's "NAME.GUID.old",
    /// untouched for at least <paramref name="olderThan"/> so that a save still running elsewhere is not among them.
    /// They are reported, never deleted: only the user knows that no other process is writing there.
    /// </summary>
    public static IReadOnlyList<string> Leftovers(string destination, TimeSpan olderThan)
    {
        string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        string? parent = Path.GetDirectoryName(target);
        if (parent is null || !Directory.Exists(parent)) return [];
        string name = Path.GetFileName(target);
        var cutoff = DateTime.UtcNow - olderThan;
        return [.. Directory.EnumerateDirectories(parent, $".{name}.*.tmp").Concat(Directory.EnumerateDirectories(parent, $"{name}.*.old"))
            .Where(d => Directory.GetLastWriteTimeUtc(d) < cutoff)
            .Order(StringComparer.Ordinal)];
    }

    private static void CopyCompanions(string? sourceFolder, string staging, IEnumerable<string> names)
    {
        if (sourceFolder is null || !Directory.Exists(sourceFolder)) return;
        foreach (string name in names)
        {
            string source = Path.Combine(sourceFolder, name);
            if (File.Exists(source)) File.Copy(source, Path.Combine(staging, name), overwrite: true);
        }
    }

    /// <summary>
    /// Checks, before any work is done, that <see cref="Save"/> could write to <paramref name="destination"/>:
    /// not the root, not an existing file, an existing folder only with <paramref name="overwrite"/> and only if
    /// it is a model folder that neither is nor holds <paramref name="sourceFolder"/>, and a parent folder that takes
    /// new files. Returns the parent folder.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is the root folder.</exception>
    /// <exception cref="IOException">The destination cannot be written, or must not be replaced.</exception>
    public static string CheckDestination(string destination, string? sourceFolder, bool overwrite)
    {
        ArgumentException.ThrowIfNullOrEmpty(destination);
        string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        string parent = Path.GetDirectoryName(target) ?? throw new ArgumentException($"cannot save a model as the root folder {target}; name a folder inside it", nameof(destination));
        if (File.Exists(target)) throw new IOException($"{target} is a file; a model is saved as a folder");
        if (Directory.Exists(target) && !overwrite) throw new IOException($"{target} already exists; choose another folder or allow overwriting (--overwrite on the command line)");
        if (Directory.Exists(target)) RequireReplaceable(target, sourceFolder);
        WritableFolder.Require(parent, $"to save {target}");
        return parent;
    }

    /// <summary>Whether <paramref name="folder"/> exists and holds a model: a config.json or safetensors files.</summary>
    public static bool IsModelFolder(string folder) =>
        Directory.Exists(folder) && (File.Exists(Path.Combine(folder, "config.json")) || Directory.EnumerateFiles(folder, "*.safetensors").Any());

    // Overwriting replaces the whole folder, so it must be a model folder (or empty), and must be neither the folder
    // the model comes from nor hold it: a mistyped --out must not wipe a folder of notes, the source model, or the
    // files beside the source's weights.
    private static void RequireReplaceable(string target, string? sourceFolder)
    {
        if (sourceFolder is not null)
        {
            string source = Path.GetFullPath(sourceFolder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            string inside = target.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            if (source == inside)
            {
                throw new IOException($"{target} is the folder the model was loaded from; saving replaces the whole folder, so its other files (a model card, data) would go. Choose another folder");
            }

            if (source.Length > inside.Length && source.StartsWith(inside, StringComparison.Ordinal))
            {
                throw new IOException($"{target} holds the model being saved ({sourceFolder}); overwriting would delete it. Choose another folder");
            }
        }

        if (!IsModelFolder(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new IOException($"{target} is not a model folder (no config.json or safetensors files) and overwriting replaces the whole folder; choose an empty or new folder");
        }
    }

    // The old folder moves aside, the new one takes its name, and the old one goes. If the new one cannot
    // take the name, the old one comes back; if the old one cannot be deleted, the save has still
    // succeeded and the old copy stays beside it under its ".old" name. The destination is checked again
    // first: another process may have created it while this one wrote the weights.
    private static void Publish(string staging, string target, string? sourceFolder, bool overwrite)
    {
        if (File.Exists(target) || (Directory.Exists(target) && !overwrite))
        {
            throw new IOException($"{target} appeared while the model was being written (another process?); nothing was replaced");
        }

        if (Directory.Exists(target)) RequireReplaceable(target, sourceFolder);
        string? aside = Directory.Exists(target) ? target + $".{Guid.NewGuid():N}.old" : null;
        if (aside is not null) Directory.Move(target, aside);
        try
        {
            Directory.Move(staging, target);
        }
        catch (Exception first) when (aside is not null)
        {
            try
            {
                Directory.Move(aside, target);
            }
            catch (Exception restore) when (restore is IOException or UnauthorizedAccessException)
            {
                throw new StrandedSaveException($"could not move the new model into {target} ({first.Message}), nor the old one back ({restore.Message}): the old model is in {aside} and the new one in {staging}", first);
            }

            throw;
        }

        if (aside is null) return;
        try
        {
            Directory.Delete(aside, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in place: the new model is saved, and the old copy is only disk space.
        }
    }

    /// <summary>Both copies of a model are off the destination's name; the message says where each is, and neither is deleted.</summary>
    private sealed class StrandedSaveException(string message, Exception inner) : IOException(message, inner);
}
