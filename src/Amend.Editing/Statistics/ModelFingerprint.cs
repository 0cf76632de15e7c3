using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Amend.Models.Architectures;
using Amend.Models.Inference;

namespace Amend.Editing.Statistics;

/// <summary>
/// Content hashes of a model's weights as far as keys at layer L depend on them: SHA-256 over the name, shape
/// and float32 values of every weight outside the blocks, then of blocks 0..L in order, block L without its MLP
/// output projection, whose input the keys are. Neither that projection, the one ROME and MEMIT rewrite, nor later
/// blocks change the keys at L, so editing them keeps L's cache entry valid.
/// </summary>
internal static class ModelFingerprint
{
    // Elements hashed at a time (4 MiB as float32).
    private const int SliceElements = 1 << 20;

    /// <summary>Hex hashes for layers 0..<paramref name="deepest"/> (entry L covers the globals and blocks 0..L).</summary>
    public static string[] UpTo(CausalLanguageModel model, int deepest)
    {
        var architecture = model.Architecture;
        var prefixes = Enumerable.Range(0, architecture.NumLayers).Select(i => architecture.ModuleName(ModuleRole.Block, i) + ".").ToArray();
        int BlockOf(string name) => Array.FindIndex(prefixes, p => name.StartsWith(p, StringComparison.Ordinal));
        var byBlock = model.Parameters.OrderBy(p => p.Name, StringComparer.Ordinal).ToLookup(p => BlockOf(p.Name));

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(architecture.ModelType));
        foreach (var parameter in byBlock[-1]) Append(hash, parameter);
        var result = new string[deepest + 1];
        for (int layer = 0; layer <= deepest; layer++)
        {
            string projection = architecture.ModuleName(ModuleRole.MlpOutputProjection, layer) + ".";
            bool Projection(Amend.Models.Layers.Parameter p) => p.Name.StartsWith(projection, StringComparison.Ordinal);
            foreach (var parameter in byBlock[layer].Where(p => !Projection(p))) Append(hash, parameter);
            result[layer] = Convert.ToHexStringLower(hash.GetCurrentHash());
            foreach (var parameter in byBlock[layer].Where(Projection)) Append(hash, parameter);
        }

        return result;
    }

    // The values as float32 bytes, a slice at a time: a whole large weight (Qwen2-7B's 545M-element embedding) is
    // more bytes than one span holds, and widening a half-precision one whole would copy gigabytes. The digest is
    // the same as over the whole array at once.
    private static void Append(IncrementalHash hash, Amend.Models.Layers.Parameter parameter)
    {
        hash.AppendData(Encoding.UTF8.GetBytes(parameter.Name + " " + parameter.Shape.ToString() + "\n"));
        var flat = parameter.Value.Reshape(-1);
        int count = flat.Shape[0];
        for (long start = 0; start < count; start += SliceElements)
        {
            float[] values = flat.Narrow(0, (int)start, (int)Math.Min(SliceElements, count - start)).ToArray();
            hash.AppendData(MemoryMarshal.AsBytes(values.AsSpan()));
        }
    }
}
