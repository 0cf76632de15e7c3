using System.Text.Json;

namespace Amend.Models.Checkpoints;

/// <summary>Reads and checks one tensor entry of a safetensors header: dtype, shape and data_offsets.</summary>
internal static class SafetensorsEntryParser
{
    public static SafetensorsTensorInfo Parse(string name, JsonElement value, string path)
    {
        if (name.Length == 0) throw new CheckpointFormatException(path, "header has a tensor with an empty name");
        if (value.ValueKind != JsonValueKind.Object) throw Fail(path, name, $"entry must be an object, found {value.ValueKind}");
        string dtype = ReadDType(value, name, path);
        long[] dims = ReadIntegers(Required(value, "shape", name, path), "shape", name, path);
        long[] offsets = ReadIntegers(Required(value, "data_offsets", name, path), "data_offsets", name, path);
        if (offsets.Length != 2) throw Fail(path, name, $"data_offsets must hold 2 integers [begin, end], found {offsets.Length}");
        if (offsets[1] < offsets[0]) throw Fail(path, name, $"data_offsets [{offsets[0]}, {offsets[1]}] end before they begin");
        var info = new SafetensorsTensorInfo(name, dtype, dims, offsets[0], offsets[1]);
        CheckByteSize(info, path);
        return info;
    }

    private static string ReadDType(JsonElement value, string name, string path)
    {
        var element = Required(value, "dtype", name, path);
        if (element.ValueKind != JsonValueKind.String) throw Fail(path, name, $"dtype must be a string, found {element.ValueKind}");
        string dtype = element.GetString()!;
        if (SafetensorsDTypes.BitsOf(dtype) is null) throw Fail(path, name, $"unknown dtype '{dtype}'");
        return dtype;
    }

    private static JsonElement Required(JsonElement value, string key, string name, string path)
    {
        if (!value.TryGetProperty(key, out var element)) throw Fail(path, name, $"entry has no \"{key}\"");
        return element;
    }

    private static long[] ReadIntegers(JsonElement array, string key, string name, string path)
    {
        if (array.ValueKind != JsonValueKind.Array) throw Fail(path, name, $"{key} must be an array of integers, found {array.ValueKind}");
        var values = new long[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long v) || v < 0)
            {
                throw Fail(path, name, $"{key}[{i}] = {item.GetRawText()} is not a non-negative integer");
            }

            values[i++] = v;
        }

        return values;
    }

    // Checked arithmetic: a garbled shape must be reported, not wrap around to a small byte count.
    private static void CheckByteSize(SafetensorsTensorInfo info, string path)
    {
        long bits = SafetensorsDTypes.BitsOf(info.DTypeName)!.Value;
        try
        {
            long totalBits = checked(info.ElementCount * bits);
            if (totalBits % 8 != 0) throw Fail(path, info.Name, $"shape {info.FormatDims()} of {info.DTypeName} does not fill whole bytes");
            if (totalBits / 8 != info.ByteLength)
            {
                throw Fail(path, info.Name, $"shape {info.FormatDims()} of {info.DTypeName} needs {totalBits / 8} bytes but data_offsets [{info.Begin}, {info.End}] span {info.ByteLength}");
            }
        }
        catch (OverflowException)
        {
            throw Fail(path, info.Name, $"shape {info.FormatDims()} of {info.DTypeName} has more bytes than a file can hold");
        }
    }

    private static CheckpointFormatException Fail(string path, string name, string problem) => new(path, $"tensor '{name}': {problem}");
}
