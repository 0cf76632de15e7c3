using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Amend.Editing.Statistics;

namespace Amend.Editing.Tests.Statistics;

public sealed class ModelFingerprintTests
{
    [Fact]
    public void UpTo_HashesEachWeightWhole_AsOneDigestOverAllItsBytes()
    {
        // Given the golden GPT-2, whose 50257 × 32 embedding is hashed in several slices
        var model = GoldenGpt2.Load().Model;
        Assert.True(model.Parameter("transformer.wte.weight").Shape.ElementCount > 1 << 20);

        // When the fingerprint of the globals and block 0 is taken
        string fingerprint = ModelFingerprint.UpTo(model, 0)[0];

        // Then it is SHA-256 over the model type and, by name, each weight's name, shape and float32 bytes whole, the
        // globals first, then block 0 without its MLP output projection, the keys' own consumer
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(model.Architecture.ModelType));
        foreach (var p in model.Parameters.Where(p => !p.Name.StartsWith("transformer.h.", StringComparison.Ordinal) || p.Name.StartsWith("transformer.h.0.", StringComparison.Ordinal))
                     .Where(p => !p.Name.StartsWith("transformer.h.0.mlp.c_proj.", StringComparison.Ordinal))
                     .OrderBy(p => p.Name.StartsWith("transformer.h.0.", StringComparison.Ordinal)).ThenBy(p => p.Name, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(p.Name + " " + p.Shape + "\n"));
            sha.AppendData(MemoryMarshal.AsBytes(p.Value.ToArray().AsSpan()));
        }

        Assert.Equal(Convert.ToHexStringLower(sha.GetCurrentHash()), fingerprint);
    }
}
