using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amend.Editing.Hyperparameters;
using Amend.Editing.Requests;
using Amend.Models.Checkpoints;
using Amend.Models.Inference;
using Amend.Models.Layers;

namespace Amend.Editing.Journal;

/// <summary>
/// The record of every edit applied to a saved model, kept in its "edits" folder: journal.json (methods,
/// hyperparameters, requests, diagnostics) and one safetensors file per edit with each changed weight's exact
/// delta and original value. With it, edits are listed, undone bit for bit, and replayed on the original model.
/// </summary>
public sealed class EditJournal
{
    /// <summary>The folder inside a model folder that holds the journal.</summary>
    public const string FolderName = "edits";

    private const string FileName = "journal.json";
    private const string Format = "amend-edit-journal";

    // The layout of journal.json this code writes and reads.
    private const int Version = 1;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly List<JournalEntry> _entries;
    private readonly Dictionary<int, EditResult> _pending = [];
    private readonly string? _folder;

    private EditJournal(List<JournalEntry> entries, string? folder)
    {
        _entries = entries;
        _folder = folder;
    }

    /// <summary>The edits, oldest first.</summary>
    public IReadOnlyList<JournalEntry> Entries => _entries;

    /// <summary>A journal with no edits.</summary>
    public static EditJournal Empty() => new([], null);

    /// <summary>Reads the journal of a model folder; a folder without one has an empty journal.</summary>
    /// <exception cref="JournalException">journal.json is malformed or names a missing tensor file, or is missing (or a
    /// folder) while the edits folder holds tensor files: the model was edited, and its record is lost.</exception>
    public static EditJournal Load(string modelFolder)
    {
        string folder = Path.Combine(modelFolder, FolderName);
        string path = Path.Combine(folder, FileName);
        if (File.Exists(folder)) throw new JournalException($"{folder} is a file where the edit journal's folder belongs; move it aside");
        if (!File.Exists(path))
        {
            RequireNoOrphanedEdits(folder, path);
            return Empty();
        }

        try
        {
            var node = JsonStrings.ParseNode(InputFile.ReadAllText(path, "an edit journal")) ?? throw new JournalException($"{path} is empty");
            var root = node as JsonObject ?? throw new JournalException($"{path} is not an Amend edit journal (its top level is {node.GetValueKind().ToString().ToLowerInvariant()}, not an object)");
            if ((string?)root["format"] != Format) throw new JournalException($"{path} is not an Amend edit journal (format \"{root["format"]}\")");
            if (root["version"]?.ToJsonString() != Version.ToString(CultureInfo.InvariantCulture)) throw new JournalException($"{path} is version {root["version"]?.ToJsonString() ?? "(none)"} of the journal format; this Amend reads version {Version}");
            var entries = Required(root, "entries", "").AsArray().Select((e, i) => ReadEntry(e?.AsObject() ?? throw new FormatException($"entries[{i}] is null"), $"entries[{i}]")).ToList();
            foreach (var entry in entries.Where(e => Path.GetFileName(e.File) != e.File || e.File is "" or "." or ".."))
            {
                throw new JournalException($"{path}: edit {entry.Index} names \"{entry.File}\", which is not a file name inside {folder}");
            }

            // Record numbers new edits _entries.Count + 1 and writes them to that file name: a gap or a repeat would
            // make a new edit's tensors overwrite an old one's.
            for (int i = 0; i < entries.Count; i++)
            {
                if (entries[i].Index != i + 1) throw new JournalException($"{path}: entries[{i}] is edit {entries[i].Index}, but edits must be numbered 1, 2, 3, … in order");
                if (entries.Take(i).Any(e => e.File == entries[i].File)) throw new JournalException($"{path}: edit {entries[i].Index} names {entries[i].File}, which an earlier edit names too");
            }

            foreach (var entry in entries.Where(e => !File.Exists(Path.Combine(folder, e.File))))
            {
                throw new JournalException($"{path}: edit {entry.Index} names {entry.File}, which is missing from {folder}");
            }

            return new EditJournal(entries, folder);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new JournalException($"{path} is malformed: {e.Message}", e);
        }
    }

    /// <summary>Adds an applied edit; its tensors are written by <see cref="WriteTo"/>.</summary>
    public JournalEntry Record(EditResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        int index = _entries.Count + 1;
        var entry = new JournalEntry(
            index,
            result.Method,
            JsonNode.Parse(HyperparameterFile.ToJson(result.Hyperparameters))!.AsObject(),
            new JsonArray([.. result.Requests.Select(EditRequestJson.ToJson)]),
            [.. result.Deltas.Select((d, i) => new JournalParameter(d.Name, d.Delta.Shape.Dims.ToArray(), result.Before[i].DType.ToString(), Norm(d.Delta)))],
            result.Diagnostics,
            DateTimeOffset.UtcNow,
            index.ToString("D4", CultureInfo.InvariantCulture) + ".safetensors");
        _entries.Add(entry);
        _pending[index] = result;
        return entry;
    }

    /// <summary>
    /// Writes the "edits" folder (journal.json and every edit's tensors) into <paramref name="modelFolder"/>, each
    /// file to a temporary name renamed into place, journal.json last, so a crash leaves no partial file.
    /// </summary>
    public void WriteTo(string modelFolder)
    {
        string folder = Path.Combine(modelFolder, FolderName);
        Directory.CreateDirectory(folder);
        foreach (var entry in _entries)
        {
            string target = Path.Combine(folder, entry.File);
            if (_pending.TryGetValue(entry.Index, out var result)) SafetensorsWriter.WriteFile(target, Tensors(result));
            else if (Path.GetFullPath(Path.Combine(_folder!, entry.File)) != Path.GetFullPath(target)) AtomicFile.Write(target, CopyOf(Path.Combine(_folder!, entry.File)));
        }

        var root = new JsonObject { ["format"] = Format, ["version"] = Version, ["entries"] = new JsonArray([.. _entries.Select(WriteEntry)]) };
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), root.ToJsonString(Indented));
    }

    private static Action<FileStream> CopyOf(string source) => destination =>
    {
        using var input = File.OpenRead(source);
        input.CopyTo(destination);
    };

    /// <summary>Checks, before a model is loaded, that <paramref name="count"/> of the latest edits can be undone.</summary>
    /// <exception cref="ArgumentOutOfRangeException">There are fewer edits, or <paramref name="count"/> is below 1.</exception>
    public void RequireUndoable(int count)
    {
        if (count < 1 || count > _entries.Count) throw new ArgumentOutOfRangeException(nameof(count), $"can undo 1..{_entries.Count} edits, not {count}");
    }

    /// <summary>
    /// Undoes the last <paramref name="count"/> edits on <paramref name="model"/> (loaded from this journal's folder),
    /// restoring each weight's recorded original bit for bit, and returns the journal without them.
    /// </summary>
    /// <exception cref="JournalException">A weight does not hold what the journal says the edit wrote (the model changed outside the journal); nothing is changed.</exception>
    public EditJournal Undo(CausalLanguageModel model, int count)
    {
        ArgumentNullException.ThrowIfNull(model);
        RequireUndoable(count);
        var restore = new List<(string Name, Tensor Value)>();
        foreach (var entry in _entries.AsEnumerable().Reverse().Take(count))
        {
            foreach (var (name, delta, before) in ReadTensors(entry))
            {
                var written = WeightUpdate.Add(before, delta, entry.Method, name);
                var current = restore.LastOrDefault(r => r.Name == name).Value ?? Weight(model, entry, name).Value;
                if (!current.HasSameBits(written)) throw new JournalException($"edit {entry.Index} ({entry.Method}): {name} does not hold the weights this edit wrote; the model was changed outside the journal, nothing undone");
                restore.Add((name, before));
            }
        }

        foreach (var (name, value) in restore) model.Parameter(name).Value = value;
        var remaining = new EditJournal(_entries.Take(_entries.Count - count).ToList(), _folder);

        // Edits recorded but not yet written stay pending, or a save would find neither them nor a folder to copy from.
        foreach (var entry in remaining._entries)
        {
            if (_pending.TryGetValue(entry.Index, out var result)) remaining._pending[entry.Index] = result;
        }

        return remaining;
    }

    /// <summary>
    /// Applies every recorded delta, in order, to <paramref name="model"/> (the model the journal started from),
    /// checking each weight first holds the recorded original.
    /// </summary>
    /// <exception cref="JournalException">The model is not the one the journal was recorded on; nothing is changed.</exception>
    public void Replay(CausalLanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var current = new Dictionary<string, Tensor>();
        foreach (var entry in _entries)
        {
            foreach (var (name, delta, before) in ReadTensors(entry))
            {
                var value = current.TryGetValue(name, out var t) ? t : Weight(model, entry, name).Value;
                if (!value.HasSameBits(before)) throw new JournalException($"edit {entry.Index} ({entry.Method}): {name} differs from the weight the edit was recorded on; replay it on the model the journal started from");
                current[name] = WeightUpdate.Add(before, delta, entry.Method, name);
            }
        }

        foreach (var (name, value) in current) model.Parameter(name).Value = value;
    }

    // Weights edited with no journal to undo them by would otherwise pass for an unedited model, and the next edit would
    // start a new journal over them.
    private static void RequireNoOrphanedEdits(string folder, string path)
    {
        if (Directory.Exists(path)) throw new JournalException($"{path} is a folder where the edit journal belongs; move it aside");
        string? orphan = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.safetensors").Order(StringComparer.Ordinal).FirstOrDefault() : null;
        if (orphan is not null)
        {
            throw new JournalException($"{folder} holds edit tensors ({Path.GetFileName(orphan)}) but no {FileName}: this model was edited and its journal is lost, so its edits cannot be undone; restore {path}, or remove {folder} to take the weights as they are");
        }
    }

    private IEnumerable<(string Name, Tensor Delta, Tensor Before)> ReadTensors(JournalEntry entry)
    {
        if (_pending.TryGetValue(entry.Index, out var result)) return result.Deltas.Select((d, i) => (d.Name, d.Delta, result.Before[i]));
        string path = Path.Combine(_folder!, entry.File);
        using var reader = SafetensorsReader.Open(path);
        var expected = entry.Parameters.SelectMany(p => new[] { "delta/" + p.Name, "before/" + p.Name }).ToHashSet(StringComparer.Ordinal);
        if (reader.Header.Tensors.FirstOrDefault(t => !expected.Contains(t.Name)) is { } unlisted)
        {
            // Undo and replay apply what the journal lists: a tensor it leaves out would be skipped without a word.
            throw new JournalException($"edit {entry.Index} ({entry.Method}): {path} holds {unlisted.Name}, which the journal's parameters do not list; the journal and its tensor file disagree");
        }

        try
        {
            var tensors = entry.Parameters.Select(p => (p.Name, Delta: reader.Load("delta/" + p.Name), Before: reader.Load("before/" + p.Name), Recorded: p.Shape)).ToList();

            // Adding broadcasts: a delta of the wrong shape would otherwise spread over the weight without a word.
            foreach (var t in tensors.Where(t => !t.Delta.Shape.Dims.ToArray().SequenceEqual(t.Recorded) || !t.Before.Shape.Dims.ToArray().SequenceEqual(t.Recorded)))
            {
                throw new JournalException($"edit {entry.Index} ({entry.Method}): {path} holds {t.Name} as delta {t.Delta.Shape} and before {t.Before.Shape}, but the journal records ({string.Join(", ", t.Recorded)}); the journal and its tensor file disagree");
            }

            return tensors.Select(t => (t.Name, t.Delta, t.Before)).ToList();
        }
        catch (KeyNotFoundException e)
        {
            throw new JournalException($"edit {entry.Index} ({entry.Method}): {e.Message}; the journal and its tensor file disagree", e);
        }
    }

    // A weight the journal names, or an error saying this model has no such weight (another architecture).
    private static Parameter Weight(CausalLanguageModel model, JournalEntry entry, string name)
    {
        try
        {
            return model.Parameter(name);
        }
        catch (KeyNotFoundException)
        {
            throw new JournalException($"edit {entry.Index} ({entry.Method}) changes {name}, which this {model.Architecture.ModelType} model does not have; the journal belongs to another model");
        }
    }

    private static Dictionary<string, Tensor> Tensors(EditResult result)
    {
        var tensors = new Dictionary<string, Tensor>();
        for (int i = 0; i < result.Deltas.Count; i++)
        {
            tensors["delta/" + result.Deltas[i].Name] = result.Deltas[i].Delta.ToFloat32();
            tensors["before/" + result.Deltas[i].Name] = result.Before[i];
        }

        return tensors;
    }

    private static double Norm(Tensor t) => Math.Sqrt(t.ToArray().Sum(v => (double)v * v));

    private static JsonObject WriteEntry(JournalEntry e) => new()
    {
        ["index"] = e.Index,
        ["method"] = e.Method,
        ["timestamp"] = e.Timestamp.ToString("O", CultureInfo.InvariantCulture),
        ["file"] = e.File,
        ["hyperparameters"] = e.Hyperparameters.DeepClone(),
        ["requests"] = e.Requests.DeepClone(),
        ["parameters"] = new JsonArray([.. e.Parameters.Select(p => new JsonObject
        {
            ["name"] = p.Name,
            ["shape"] = new JsonArray([.. p.Shape.Select(d => JsonValue.Create(d))]),
            ["dtype"] = p.DType,
            ["delta_norm"] = p.DeltaNorm,
        })]),
        ["diagnostics"] = new JsonObject(e.Diagnostics.Select(d => KeyValuePair.Create<string, JsonNode?>(d.Key, double.IsFinite(d.Value) ? d.Value : null))),
    };

    private static JournalEntry ReadEntry(JsonObject o, string where) => new(
        Required<int>(o, "index", where),
        Required<string>(o, "method", where),
        Required(o, "hyperparameters", where).AsObject().DeepClone().AsObject(),
        Requests(Required(o, "requests", where).AsArray(), where),
        [.. Required(o, "parameters", where).AsArray().Select((p, i) => ReadParameter(p?.AsObject() ?? throw new FormatException($"{where}.parameters[{i}] is null"), $"{where}.parameters[{i}]"))],
        o["diagnostics"]?.AsObject().Where(d => d.Value is not null).ToDictionary(d => d.Key, d => (double)d.Value!) ?? [],
        DateTimeOffset.Parse(Required<string>(o, "timestamp", where), CultureInfo.InvariantCulture),
        Required<string>(o, "file", where));

    // Each request an object, as `edits list` and replays read them.
    private static JsonArray Requests(JsonArray requests, string where)
    {
        for (int i = 0; i < requests.Count; i++)
        {
            if (requests[i] is not JsonObject) throw new FormatException($"{where}.requests[{i}] is {requests[i]?.ToJsonString() ?? "null"}, not a request object");
        }

        return requests.DeepClone().AsArray();
    }

    private static JournalParameter ReadParameter(JsonObject p, string where) =>
        new(Required<string>(p, "name", where), [.. Required(p, "shape", where).AsArray().Select(d => (int)d!)], Required<string>(p, "dtype", where), Required<double>(p, "delta_norm", where));

    // A field the journal format requires, or an error naming where it is missing.
    private static JsonNode Required(JsonObject o, string name, string where) =>
        o[name] ?? throw new FormatException($"{FieldPath(where, name)} is missing");

    // A required field's value as T, or an error naming the field and what it holds instead (System.Text.Json's
    // own message names .NET types, not the field).
    private static T Required<T>(JsonObject o, string name, string where)
    {
        var node = Required(o, name, where);
        try
        {
            return node.GetValue<T>();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            string kind = typeof(T) == typeof(string) ? "a string" : typeof(T) == typeof(int) ? "a whole number" : "a number";
            throw new FormatException($"{FieldPath(where, name)} is {node.ToJsonString()}, not {kind}", e);
        }
    }

    // "entries[0].index", or "entries" at the top level.
    private static string FieldPath(string where, string name) => where.Length == 0 ? name : $"{where}.{name}";
}
