using System.Text.Json;
using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.Rome;
using Amend.Editing.Shared;
using Amend.Editing.Statistics;
using Amend.Models.Checkpoints;
using Amend.Models.Inference;
using Amend.Tensors.Autograd;
using Amend.Tensors.Linalg;

namespace Amend.Editing.Tests.Methods.Rome;

/// <summary>One EasyEdit ROME golden (shared/golden/easyedit/&lt;method&gt;): its hyperparameters, templates, request and outputs.</summary>
internal sealed class RomeGolden
{
    public const string Weight = "transformer.h.1.mlp.c_proj.weight";

    private RomeGolden(string method)
    {
        Method = method;
        Hyperparameters = HyperparameterFile.Read<RomeHyperparameters>(GoldenGpt2.Reference(method, "hparams.yaml"));
        Templates = ContextTemplates.ReadJson(GoldenGpt2.Reference(method, "context_templates.json"));
        using var result = JsonDocument.Parse(File.ReadAllText(GoldenGpt2.Reference(method, "case0", "result.json")));
        var request = result.RootElement.GetProperty("requests_as_built_by_easyedit")[0];
        Request = new EditRequest
        {
            Prompt = request.GetProperty("prompt").GetString()!,
            Subject = request.GetProperty("subject").GetString()!,
            TargetNew = request.GetProperty("target_new").GetString()!,
        };
        var post = result.RootElement.GetProperty("measurements")[0].GetProperty("post").GetProperty("target_new");
        PostTargetLogProb = post.GetProperty("joint_logprob").GetDouble();
        using var delta = SafetensorsReader.Open(GoldenGpt2.Reference(method, "case0", "delta.safetensors"));
        Delta = delta.Load(Weight);
        using var intermediates = SafetensorsReader.Open(GoldenGpt2.Reference(method, "case0", "intermediates.safetensors"));
        U = intermediates.Load("rome.left_vector_u.0");
        V = intermediates.Load("rome.right_vector_v.0");
    }

    public string Method { get; }

    public RomeHyperparameters Hyperparameters { get; }

    public IReadOnlyList<string> Templates { get; }

    public EditRequest Request { get; }

    /// <summary>EasyEdit's post-edit teacher-forced log P(" " + target | prompt).</summary>
    public double PostTargetLogProb { get; }

    public Tensor Delta { get; }

    public Tensor U { get; }

    public Tensor V { get; }

    public static RomeGolden Load(string method) => new(method);

    /// <summary>The second moment EasyEdit used at the edited layer (<see cref="GoldenStatistics.Read"/>).</summary>
    public static KeyStatistics Statistics(string method) => GoldenStatistics.Read(method, 1);

    /// <summary>Teacher-forced log P(" " + target | prompt), summed over the target's tokens.</summary>
    public static double TargetLogProb(EditableModel model, EditRequest request)
    {
        int[] prompt = model.EncodePrompt(request.FilledPrompt), target = model.EncodeContinuation(" " + request.TargetNew);
        using var noGrad = GradMode.Disable();
        var logProbs = model.Model.Logits(TokenBatch.Single([.. prompt, .. target[..^1]])).LogSoftmax();
        return target.Select((id, j) => (double)logProbs[0, prompt.Length - 1 + j, id]).Sum();
    }
}
