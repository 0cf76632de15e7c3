using System.Runtime.InteropServices;

namespace Amend.Evaluation.Running;

/// <summary>
/// Rows of logits kept in a temporary file instead of memory: ConvSent's locality needs the pre-edit distribution at
/// every token of another topic's answers (a vocabulary of floats per token, ~15 MB a case with GPT-2's), and a
/// sequential run computes them for every case before its first edit, which would hold gigabytes. The file is made
/// on the first write and deleted when the spill is disposed; outside Windows its name is removed at once, so even a
/// killed process leaves nothing behind.
/// </summary>
internal sealed class LogitSpill : IDisposable
{
    private readonly Lock _lock = new();
    private FileStream? _file;

    /// <summary>Stores <paramref name="rows"/> (each the same width) and returns where they are.</summary>
    public SpilledRows Write(IReadOnlyList<float[]> rows)
    {
        lock (_lock)
        {
            _file ??= Create();
            long offset = _file.Seek(0, SeekOrigin.End);
            foreach (var row in rows) _file.Write(MemoryMarshal.AsBytes(row.AsSpan()));
            return new SpilledRows(this, offset, rows.Count, rows.Count == 0 ? 0 : rows[0].Length);
        }
    }

    /// <summary>Row <paramref name="index"/> of rows stored at <paramref name="offset"/>, <paramref name="width"/> floats each.</summary>
    public float[] Read(long offset, int index, int width)
    {
        var row = new float[width];
        lock (_lock)
        {
            var file = _file ?? throw new InvalidOperationException("nothing was written to this spill");
            file.Position = offset + ((long)index * width * sizeof(float));
            file.ReadExactly(MemoryMarshal.AsBytes(row.AsSpan()));
        }

        return row;
    }

    /// <summary>The path the file was created under (no longer a name in the folder once created, except on Windows), or null before the first write.</summary>
    internal string? CreatedAs => _file?.Name;

    /// <inheritdoc/>
    public void Dispose() => _file?.Dispose();

    private static FileStream Create()
    {
        string path = Path.Combine(Path.GetTempPath(), $"amend-logits-{Guid.NewGuid():N}.bin");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        if (!OperatingSystem.IsWindows()) File.Delete(path);
        return file;
    }
}
