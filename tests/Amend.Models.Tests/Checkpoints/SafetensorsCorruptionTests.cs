using System.Buffers.Binary;
using Amend.Models.Checkpoints;

namespace Amend.Models.Tests.Checkpoints;

/// <summary>
/// Corrupts a valid file at random (flipped bytes, truncation, a rewritten header length, edited digits,
/// appended bytes) and checks the reader either loads it or rejects it with a <see cref="CheckpointFormatException"/>:
/// never another exception, never an allocation out of proportion to the file.
/// </summary>
public sealed class SafetensorsCorruptionTests
{
    private const int Seeds = 600;

    // Characters that change a JSON document's structure or a number's value when swapped in.
    private const string JsonCharacters = "{}[]\",:- 9e.\\";

    [Fact]
    public void OpenAndLoad_OnlyEverThrowCheckpointFormatException_ForRandomCorruption()
    {
        // Given a valid file with tensors of each dtype, an empty tensor and metadata
        using var folder = new TempFolder();
        byte[] original = ValidFile(folder.File("valid.safetensors"));
        string path = folder.File("corrupt.safetensors");
        int rejected = 0, accepted = 0;

        for (int seed = 0; seed < Seeds; seed++)
        {
            // When a corrupted copy is opened and every tensor loaded
            var random = new Random(seed);
            var (mutation, bytes) = Corrupt(original, random);
            File.WriteAllBytes(path, bytes);
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                using var reader = SafetensorsReader.Open(path);
                foreach (var info in reader.Header.Tensors) reader.Load(info.Name);
                accepted++;
            }
            catch (CheckpointFormatException e)
            {
                Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed} ({mutation}): {e.GetType().Name}: {e.Message}");
            }

            // Then memory stayed in proportion to the file (header copies and tensor copies)
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < (16L * bytes.Length) + 1_000_000, $"seed {seed} ({mutation}) allocated {allocated} bytes for a {bytes.Length}-byte file");
        }

        // Both outcomes happen, so the loop exercised the checks and the loads
        Assert.True(rejected > Seeds / 2, $"only {rejected} of {Seeds} corruptions were rejected");
        Assert.True(accepted > 10, $"only {accepted} of {Seeds} corruptions were loadable (flips in the data should be)");
    }

    private static byte[] ValidFile(string path)
    {
        var random = new Random(1);
        var tensors = new Dictionary<string, Tensor>
        {
            ["layers.0.weight"] = Tensor.Randn(new Shape(8, 4), random),
            ["layers.0.bias"] = Tensor.Randn(new Shape(4), random).ToDType(DType.Float16),
            ["layers.1.weight"] = Tensor.Randn(new Shape(3, 5), random).ToDType(DType.BFloat16),
            ["empty"] = Tensor.Zeros(0, 7),
        };
        SafetensorsWriter.WriteFile(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        return File.ReadAllBytes(path);
    }

    private static (string Mutation, byte[] Bytes) Corrupt(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        switch (random.Next(6))
        {
            case 0:
                int flips = random.Next(1, 9);
                for (int i = 0; i < flips; i++) bytes[random.Next(random.Next(2) == 0 ? headerEnd : bytes.Length)] ^= (byte)random.Next(1, 256);
                return ($"{flips} flipped bytes", bytes);
            case 1:
                int length = random.Next(bytes.Length);
                return ($"truncated to {length}", bytes[..length]);
            case 2:
                ulong stated = random.Next(3) switch { 0 => (ulong)random.NextInt64(), 1 => (ulong)(headerEnd - 8 + random.Next(-16, 17)), _ => (ulong)random.Next(200_000_000) };
                BinaryPrimitives.WriteUInt64LittleEndian(bytes, stated);
                return ($"header length {stated}", bytes);
            case 3:
                int digit = FindDigit(bytes, headerEnd, random);
                bytes[digit] = (byte)('0' + random.Next(10));
                return ($"digit at {digit} changed", bytes);
            case 4:
                int at = random.Next(8, headerEnd);
                bytes[at] = (byte)JsonCharacters[random.Next(JsonCharacters.Length)];
                return ($"JSON character at {at} changed", bytes);
            default:
                var extra = new byte[random.Next(1, 64)];
                random.NextBytes(extra);
                return ($"{extra.Length} bytes appended", [.. bytes, .. extra]);
        }
    }

    private static int FindDigit(byte[] bytes, int headerEnd, Random random)
    {
        for (int tries = 0; tries < 1000; tries++)
        {
            int at = random.Next(8, headerEnd);
            if (bytes[at] is >= (byte)'0' and <= (byte)'9') return at;
        }

        return 8;
    }
}
