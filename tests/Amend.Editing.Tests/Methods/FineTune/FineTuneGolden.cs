using System.Text.Json;
using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.FineTune;
using Amend.Models.Checkpoints;

namespace Amend.Editing.Tests.Methods.FineTune;

/// <summary>The EasyEdit FT-L / FT-M golden runs (shared/golden/easyedit/FT-*): hyperparameters, request, deltas, logits.</summary>
internal static class FineTuneGolden
{
    public static FineTuneHyperparameters Hyperparameters(string method) =>
        HyperparameterFile.Read<FineTuneHyperparameters>(GoldenGpt2.Reference(method, "hparams.yaml"));

    /// <summary>case0's request as EasyEdit built it.</summary>
    public static EditRequest Request(string method)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(GoldenGpt2.Reference(method, "case0", "result.json")));
        var r = json.RootElement.GetProperty("requests_as_built_by_easyedit")[0];
        return new EditRequest
        {
            Prompt = r.GetProperty("prompt").GetString()!,
            Subject = r.GetProperty("subject").GetString()!,
            TargetNew = r.GetProperty("target_new").GetString()!,
            GroundTruth = r.GetProperty("ground_truth").GetString(),
        };
    }

    /// <summary>A tensor of case0's delta.safetensors (weight name) or logits.safetensors ("post.prompt_last_logits").</summary>
    public static float[] Load(string method, string file, string name)
    {
        using var reader = SafetensorsReader.Open(GoldenGpt2.Reference(method, "case0", file));
        return reader.Load(name).ToArray();
    }
}
