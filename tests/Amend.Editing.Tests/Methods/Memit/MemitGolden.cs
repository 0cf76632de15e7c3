using System.Text.Json;
using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Memit;
using Amend.Editing.Shared;
using Amend.Models.Checkpoints;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Tests.Methods.Memit;

/// <summary>One EasyEdit MEMIT golden (shared/golden/easyedit/MEMIT/case0 or MEMIT-batch/batch): inputs, deltas, intermediates.</summary>
internal sealed class MemitGolden
{
    public static readonly int[] Layers = [0, 1];

    private MemitGolden(string method, string folder)
    {
        Method = method;
        Hyperparameters = HyperparameterFile.Read<MemitHyperparameters>(GoldenGpt2.Reference(method, "hparams.yaml"));
        Templates = ContextTemplates.ReadJson(GoldenGpt2.Reference(method, "context_templates.json"));
        using var result = JsonDocument.Parse(File.ReadAllText(GoldenGpt2.Reference(method, folder, "result.json")));
        Requests = [.. result.RootElement.GetProperty("requests_as_built_by_easyedit").EnumerateArray().Select(r => new EditRequest
        {
            Prompt = r.GetProperty("prompt").GetString()!,
            Subject = r.GetProperty("subject").GetString()!,
            TargetNew = r.GetProperty("target_new").GetString()!,
        })];
        PostTargetLogProbs = [.. result.RootElement.GetProperty("measurements").EnumerateArray().Select(m => m.GetProperty("post").GetProperty("target_new").GetProperty("joint_logprob").GetDouble())];
        using var delta = SafetensorsReader.Open(GoldenGpt2.Reference(method, folder, "delta.safetensors"));
        Deltas = Layers.ToDictionary(l => l, l => delta.Load(Weight(l)));
        using var intermediates = SafetensorsReader.Open(GoldenGpt2.Reference(method, folder, "intermediates.safetensors"));
        Z = [.. Requests.Select((_, j) => intermediates.Load($"memit.z_target.request{j}"))];
        Keys = Layers.ToDictionary(l => l, l => intermediates.Load($"memit.layer_ks.call{l}.layer{l}"));
        AdjustedKeys = Layers.ToDictionary(l => l, l => Matrix64.FromTensor(intermediates.Load($"memit.adj_k.{Weight(l)}")));
        Residuals = Layers.ToDictionary(l => l, l => Matrix64.FromTensor(intermediates.Load($"memit.resid.{Weight(l)}")));
    }

    public string Method { get; }

    public MemitHyperparameters Hyperparameters { get; }

    public IReadOnlyList<string> Templates { get; }

    public IReadOnlyList<EditRequest> Requests { get; }

    /// <summary>EasyEdit's post-edit teacher-forced log P(" " + target | prompt), per request.</summary>
    public IReadOnlyList<double> PostTargetLogProbs { get; }

    /// <summary>ΔW per layer, (128, 32) in GPT-2's Conv1D layout.</summary>
    public IReadOnlyDictionary<int, Tensor> Deltas { get; }

    /// <summary>z per request, (32).</summary>
    public IReadOnlyList<Tensor> Z { get; }

    /// <summary>Keys per layer as compute_ks returned them, (n, 128).</summary>
    public IReadOnlyDictionary<int, Tensor> Keys { get; }

    /// <summary>adj_k per layer, (128, n), float64.</summary>
    public IReadOnlyDictionary<int, Matrix64> AdjustedKeys { get; }

    /// <summary>resid per layer, (32, n), float64.</summary>
    public IReadOnlyDictionary<int, Matrix64> Residuals { get; }

    public EditOptions Options => new() { ContextTemplates = Templates, Statistics = GoldenStatistics.Source(Method, Layers) };

    public static string Weight(int layer) => $"transformer.h.{layer}.mlp.c_proj.weight";

    /// <summary>"MEMIT" (case0, one request) or "MEMIT-batch" (batch, two requests).</summary>
    public static MemitGolden Load(string method) => new(method, method == "MEMIT" ? "case0" : "batch");
}
