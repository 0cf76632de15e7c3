using System.Buffers.Binary;
using System.Text;
using Amend.Editing.Statistics;

namespace Amend.Editing.Tests.Statistics;

[Collection(Amend.Editing.Tests.LargeMemoryCollection.Name)]
public sealed class NpyArrayTests
{
    [Fact]
    public void Read_A16384SquareFloat64Array_StreamsPast2GiB()
    {
        // Given a 16384 × 16384 float64 .npy (EasyEdit's mom2 of a GPT-J layer in double precision): 2 GiB of
        // data, generated as it is read, element i holding i mod 1000
        const int d = 16384;
        using var stream = new GeneratedNpy("<f8", $"({d}, {d})", (long)d * d);

        // When it is read
        var array = NpyArray.Read(stream, "mom2.mom2");

        // Then every element arrived in order
        Assert.Equal([d, d], array.Shape);
        foreach (long i in (long[])[0, 999, 1000, (1L << 28) - 1, ((long)d * d) - 1]) Assert.Equal(i % 1000, array.Values[i]);
    }

    [Theory]
    [InlineData("(3L, 4L)", "unreadable shape")]
    [InlineData("(-3, 4)", "unreadable shape")]
    [InlineData("(65536, 65536)", "more elements than one array holds")]
    public void Read_ImplausibleShape_NamesTheArray(string shape, string expected)
    {
        using var stream = new GeneratedNpy("<f4", shape, 12);

        var error = Assert.Throws<InvalidDataException>(() => NpyArray.Read(stream, "mom2.mom2"));

        Assert.StartsWith("mom2.mom2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooFewDataBytes_SaysHowManyWereExpected()
    {
        using var stream = new GeneratedNpy("<f4", "(4, 4)", 10);

        var error = Assert.Throws<InvalidDataException>(() => NpyArray.Read(stream, "mom2.mom2"));

        Assert.Contains("40 data bytes, expected 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AShapeLargerThanTheKnownLength_IsRefusedBeforeItsValuesAreAllocated()
    {
        using var stream = new GeneratedNpy("<f8", "(1000, 1000)", 10);

        var error = Assert.Throws<InvalidDataException>(() => NpyArray.Read(stream, "mom2.mom2", stream.Bytes));

        Assert.Equal("mom2.mom2: shape (1000, 1000) needs 8000000 data bytes, but the array holds 80", error.Message);
    }

    // A version-1 .npy of `elements` float values (element i = i mod 1000), produced as it is read.
    private sealed class GeneratedNpy : Stream
    {
        private readonly byte[] header;
        private readonly int size;
        private readonly long length;
        private long position;

        public GeneratedNpy(string descr, string shape, long elements)
        {
            string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}\n";
            header = [0x93, .. "NUMPY"u8, 1, 0, (byte)dict.Length, (byte)(dict.Length >> 8), .. Encoding.ASCII.GetBytes(dict)];
            size = descr == "<f4" ? 4 : 8;
            length = header.Length + (elements * size);
        }

        /// <summary>The whole stream's length, as a zip entry gives it.</summary>
        public long Bytes => length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int written = 0;
            while (written < buffer.Length && position < length)
            {
                if (position < header.Length)
                {
                    buffer[written++] = header[position++];
                    continue;
                }

                long element = (position - header.Length) / size;
                if ((position - header.Length) % size != 0 || buffer.Length - written < size) throw new NotSupportedException("reads of whole elements only");
                if (size == 4) BinaryPrimitives.WriteSingleLittleEndian(buffer[written..], element % 1000);
                else BinaryPrimitives.WriteDoubleLittleEndian(buffer[written..], element % 1000);
                (written, position) = (written + size, position + size);
            }

            return written;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
