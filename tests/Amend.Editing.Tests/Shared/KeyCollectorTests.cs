using Amend.Editing.Shared;
using Amend.Models.Hooks;
using Amend.Models.Inference;
using Amend.Tensors.Autograd;
using Trace = Amend.Models.Hooks.Trace;

namespace Amend.Editing.Tests.Shared;

public sealed class KeyCollectorTests
{
    [Fact]
    public void Collect_EqualsAHookReadOfEachPromptAlone()
    {
        // Given prompts of different lengths, so the batch is right-padded
        var model = GoldenGpt2.Load();
        string[] templates = ["The {} is located in the city of", "{} is a", "Because of that. The {} is"];
        var point = HookPoint.MlpOutputProjection(1);

        // When
        var collected = KeyCollector.Collect(model, point, templates, "Space Needle", FactToken.SubjectLast);

        // Then
        for (int i = 0; i < templates.Length; i++)
        {
            var location = SubjectTokenLocator.Locate(model.Tokenizer, templates[i], "Space Needle", FactToken.SubjectLast);
            var (key, value) = ReadAlone(model, point, location);
            TensorAssert.Close(key, collected.Key(i), rtol: 1e-4, atol: 1e-5, what: $"key of prompt {i}");
            TensorAssert.Close(value, collected.Value(i), rtol: 1e-4, atol: 1e-5, what: $"value of prompt {i}");
        }

        var mean = Enumerable.Range(0, templates.Length).Select(collected.Key).Aggregate((a, b) => a.Add(b)).MulScalar(1f / templates.Length);
        TensorAssert.Close(mean, collected.MeanKey(), rtol: 1e-5, atol: 1e-6, what: "mean key");
    }

    private static (Tensor Key, Tensor Value) ReadAlone(EditableModel model, HookPoint point, SubjectLocation location)
    {
        using var noGrad = GradMode.Disable();
        using var trace = new Trace(model.Model.Hooks, point, new TraceOptions { RetainInput = true });
        model.Model.Run(TokenBatch.Single(location.Ids));
        Tensor At(Tensor t) => t.Narrow(1, location.Index, 1).Reshape(t.Shape[2]);
        return (At(trace.Input!), At(trace.Output!));
    }
}
