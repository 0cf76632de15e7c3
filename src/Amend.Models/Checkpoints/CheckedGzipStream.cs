using System.Buffers.Binary;
using System.IO.Compression;

namespace Amend.Models.Checkpoints;

/// <summary>
/// A gzip file's decompressed bytes, checked when they end against the size the file's trailer records (its
/// last 4 bytes, the size mod 2³²). GZipStream ends quietly where a truncated file ends, and a truncated corpus
/// or dataset would be read as a shorter one (statistics over part of a corpus, cached as if complete); this
/// makes it an error naming the file.
/// </summary>
/// <remarks>
/// The trailer covers the last gzip member only, so files of several members (gzip files concatenated) are
/// refused with the same error, which says to decompress them first.
/// </remarks>
public sealed class CheckedGzipStream : Stream
{
    private readonly string _path;
    private readonly string _what;
    private readonly GZipStream _gzip;
    private readonly uint _recordedSize;
    private long _read;

    /// <summary>Whether <paramref name="file"/> starts with gzip's magic bytes, whatever it is called; its position is put back to the start.</summary>
    public static bool IsGzip(FileStream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    /// <summary>Opens <paramref name="path"/>; <paramref name="what"/> ("corpus", "dataset") names it in errors.</summary>
    /// <exception cref="InvalidDataException">Too short for gzip; later reads throw it for corrupt or truncated data.</exception>
    public CheckedGzipStream(string path, string what)
    {
        (_path, _what) = (path, what);
        var file = File.OpenRead(path);
        try
        {
            // A gzip member is at least a 10-byte header, an empty deflate block and an 8-byte trailer.
            if (file.Length < 20) throw Unreadable($"{file.Length} bytes are too few for a gzip file");
            Span<byte> trailer = stackalloc byte[4];
            file.Seek(-4, SeekOrigin.End);
            file.ReadExactly(trailer);
            file.Seek(0, SeekOrigin.Begin);
            _recordedSize = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            _gzip = new GZipStream(file, CompressionMode.Decompress);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int read;
        try
        {
            read = _gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw Unreadable(e.Message, e);
        }

        _read += read;
        if (read == 0 && !buffer.IsEmpty && (uint)_read != _recordedSize)
        {
            throw Unreadable($"it decompresses to {_read} bytes but its trailer records {_recordedSize} (mod 2³²): the file is truncated, or several gzip files concatenated (decompress it first)");
        }

        return read;
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) _gzip.Dispose();
        base.Dispose(disposing);
    }

    private InvalidDataException Unreadable(string why, Exception? inner = null) => new($"{_what} {_path} is not a complete gzip file: {why}", inner);
}
