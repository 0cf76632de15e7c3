using System.Buffers.Binary;
using System.Text;

namespace Amend.Models.Tests.Checkpoints;

/// <summary>Builds safetensors bytes by hand, so tests can write files our writer would never produce.</summary>
internal static class RawSafetensors
{
    /// <summary>8-byte little-endian length (or <paramref name="statedLength"/>), the header text, then <paramref name="dataBytes"/> bytes 0, 1, 2, ...</summary>
    public static byte[] Build(string header, int dataBytes, ulong? statedLength = null) =>
        Build(Encoding.UTF8.GetBytes(header), dataBytes, statedLength);

    public static byte[] Build(byte[] header, int dataBytes, ulong? statedLength = null)
    {
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, statedLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        for (int i = 0; i < dataBytes; i++) bytes[8 + header.Length + i] = (byte)i;
        return bytes;
    }

    /// <summary>A header entry: <c>"name":{"dtype":..,"shape":[..],"data_offsets":[b,e]}</c>.</summary>
    public static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":[{shape}],\"data_offsets\":[{begin},{end}]}}";
}
