using System.Text.Json;
using Amend.Evaluation.Running;
using Amend.Models.Checkpoints;

namespace Amend.Evaluation.Reports;

/// <summary>
/// cases.partial.jsonl in a run's folder while it runs: the run's configuration on the first line, then each case as
/// it finishes, appended and flushed, so a run that crashes or is killed after hours keeps every finished case, and
/// <c>--resume</c> goes on from them. The finished run's files replace it. The file (and the folder) is made when the
/// first case finishes, so a run that fails before then leaves nothing behind.
/// </summary>
public sealed class PartialRunFile : IDisposable
{
    /// <summary>The file's name in the run folder.</summary>
    public const string FileName = "cases.partial.jsonl";

    private readonly string? _header;
    private StreamWriter? _writer;

    private PartialRunFile(string path, IReadOnlyList<CaseResult> finished, string? header) => (Path, Finished, _header) = (path, finished, header);

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The cases an interrupted run finished (empty for a fresh run).</summary>
    public IReadOnlyList<CaseResult> Finished { get; }

    /// <summary>
    /// Starts recording a run of <paramref name="info"/> in <paramref name="folder"/>: a fresh file, or with
    /// <paramref name="resume"/> the one an interrupted run of the same configuration left, read first.
    /// </summary>
    /// <exception cref="IOException">A fresh run finds an interrupted one's file (which it would destroy), or a resumed one finds none, or another configuration's.</exception>
    public static PartialRunFile Start(string folder, RunInfo info, bool resume)
    {
        ArgumentNullException.ThrowIfNull(info);
        string path = System.IO.Path.Combine(folder, FileName);
        bool exists = File.Exists(path);
        if (!resume && exists) throw new IOException($"{path} holds the finished cases of an interrupted run; pass --resume to go on from them, or delete it to start again");
        if (resume && !exists) throw new IOException($"--resume: {path} is missing, so there is no interrupted run to go on from");
        if (!resume) return new PartialRunFile(path, [], JsonSerializer.Serialize(new Header(info), ReportJson.Lines));

        // Opened at once, unshared: a second run resuming the same file fails now, not after its first case.
        try
        {
            var resumed = new PartialRunFile(path, ReadFinished(path, info), header: null);
            resumed.Open();
            return resumed;
        }
        catch (IOException e) when (SharingViolation.Is(e))
        {
            throw new IOException($"{path} is being written by another run into the same folder; let it finish, or give this run another --out", e);
        }
    }

    /// <summary>Appends a finished case and flushes it to the operating system, so a killed process keeps it.</summary>
    public void Add(CaseResult result) => WriteLine(JsonSerializer.Serialize(result, ReportJson.Lines));

    /// <summary>Closes and deletes the file, once the run's own files are written.</summary>
    public void Complete()
    {
        _writer?.Dispose();
        File.Delete(Path);
    }

    /// <inheritdoc/>
    public void Dispose() => _writer?.Dispose();

    private void WriteLine(string line)
    {
        if (_writer is null) Open();
        Write(line);
    }

    private void Open()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        try
        {
            _writer = new StreamWriter(new FileStream(Path, _header is null ? FileMode.Append : FileMode.CreateNew, FileAccess.Write, FileShare.None));
        }
        catch (IOException e) when (_header is not null && File.Exists(Path))
        {
            throw new IOException($"{Path} was created by another run into the same folder since this one started; let it finish, or give this run another --out", e);
        }

        if (_header is not null) Write(_header);
    }

    // One write and a flush per line, so the operating system holds every finished line even if the process dies.
    private void Write(string line)
    {
        _writer!.Write(line + "\n");
        _writer.Flush();
    }

    // A last line the crash cut short is a case not finished; any other unreadable line is damage, and an error.
    private static List<CaseResult> ReadFinished(string path, RunInfo info)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || TryParse<Header>(lines[0]) is not { } header) throw new IOException($"{path} does not start with a run's configuration; delete it to start again");
        if (header.Run.Configuration != info.Configuration || header.Run.Shard != info.Shard)
        {
            throw new IOException($"--resume: {path} is from another run ({header.Run.Configuration}, shard {header.Run.Shard ?? "none"}), not this one ({info.Configuration}, shard {info.Shard ?? "none"})");
        }

        var finished = new List<CaseResult>();
        int keep = lines.Length;
        for (int i = 1; i < lines.Length; i++)
        {
            if (TryParse<CaseResult>(lines[i]) is { } result) finished.Add(result);
            else if (i < lines.Length - 1 || lines[i].Length == 0) throw new IOException($"{path} line {i + 1} is not a finished case; delete the file to start again");
            else keep = lines.Length - 1;
        }

        // A line cut short is dropped, and a whole one the crash left without its newline gets one: either way the
        // next case starts a line of its own, instead of running on into the last.
        if (keep < lines.Length || !EndsWithNewline(path)) AtomicFile.WriteAllText(path, string.Concat(lines[..keep].Select(l => l + "\n")));
        return finished;
    }

    private static bool EndsWithNewline(string path)
    {
        using var file = File.OpenRead(path);
        if (file.Length == 0) return false;
        file.Seek(-1, SeekOrigin.End);
        return file.ReadByte() == '\n';
    }

    private static T? TryParse<T>(string line)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(line, ReportJson.Lines);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Header(RunInfo Run);
}
