using System.Buffers.Binary;
using System.IO.Compression;

namespace Amend.Editing.Statistics;

/// <summary>
/// A gzip file's decompressed bytes, checked when they end against the size the file's trailer records (its
/// last 4 bytes, the size mod 2³²). GZipStream ends quietly where a truncated file ends, and a truncated corpus
/// would give statistics over part of it, cached as if complete; this makes it an error naming the file.
/// </summary>
/// <remarks>
/// The trailer covers the last gzip member only, so files of several members (gzip files concatenated) are
/// refused with the same error, which says to decompress them first.
/// </remarks>
internal sealed class CheckedGzipStream : Stream
{
    private readonly string _path;
    private readonly GZipStream _gzip;
    private readonly uint _recordedSize;
    private long _read;

    public CheckedGzipStream(string path)
    {
        _path = path;
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

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

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

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gzip.Dispose();
        base.Dispose(disposing);
    }

    private InvalidDataException Unreadable(string why, Exception? inner = null) => new($"corpus {_path} is not a complete gzip file: {why}", inner);
}
