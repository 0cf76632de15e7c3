using Amend.Models.Architectures;
using Amend.Models.Checkpoints;
using Amend.Models.HuggingFace;

namespace Amend.Models.Tests.Approvals;

/// <summary>
/// Structural snapshots: the checkpoint names and shapes each architecture asks for, built from a config alone
/// (weights made up on demand). A change to a loader that renames or reshapes a weight shows up as a diff
/// against the approved file in this folder.
/// </summary>
public sealed class CheckpointLayoutTests
{
    [Theory]
    [InlineData("gpt2")]
    [InlineData("gptj")]
    [InlineData("gpt_neox")]
    [InlineData("llama")]
    [InlineData("mistral")]
    [InlineData("qwen2")]
    public void RequestedWeights_MatchApprovedLayout(string folder)
    {
        // Given only the golden config
        var config = ConfigJson.Load(SharedFixtures.Path("golden", folder, "config.json"));
        var requested = new List<string>();
        using var weights = WeightSource.FromInitializer((name, shape) => { requested.Add($"{name} {shape}"); return Tensor.Zeros(shape); }, "layout probe");

        // When the architecture loads from it
        ArchitectureRegistry.Load(config, weights);

        // Then
        string approvedPath = Path.Combine(ApprovalsFolder(), $"{folder}.approved.txt");
        string actual = string.Join('\n', requested) + '\n';
        if (File.Exists(approvedPath) && File.ReadAllText(approvedPath) == actual) return;
        string receivedPath = Path.ChangeExtension(approvedPath, null).Replace(".approved", ".received", StringComparison.Ordinal) + ".txt";
        File.WriteAllText(receivedPath, actual);
        Assert.Fail($"the layout differs from {approvedPath}; review {receivedPath} and rename it to approve");
    }

    [Theory]
    [InlineData("gpt2")]
    [InlineData("gptj")]
    [InlineData("gpt_neox")]
    [InlineData("llama")]
    [InlineData("mistral")]
    [InlineData("qwen2")]
    public void ApprovedLayout_IsWhatTheGoldenCheckpointHolds(string folder)
    {
        // The approved files are the loaders' own output; the checkpoints transformers wrote are the reference for them.
        using var checkpoint = SafetensorsCheckpoint.Open(SharedFixtures.Path("golden", folder, "model.safetensors"));
        var approved = File.ReadAllLines(Path.Combine(ApprovalsFolder(), $"{folder}.approved.txt"));
        var held = checkpoint.Names.Select(name => $"{name} ({string.Join(", ", checkpoint.Find(name)!.Dims)})");

        Assert.Equal(held.Order(StringComparer.Ordinal), approved.Order(StringComparer.Ordinal));
    }

    private static string ApprovalsFolder([System.Runtime.CompilerServices.CallerFilePath] string source = "") => Path.GetDirectoryName(source)!;
}
