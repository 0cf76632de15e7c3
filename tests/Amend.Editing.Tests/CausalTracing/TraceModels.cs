using Amend.Models.HuggingFace;

namespace Amend.Editing.Tests.CausalTracing;

/// <summary>The two models causal tracing is tested on, with a prompt whose subject each tokenizer splits in its own way.</summary>
internal static class TraceModels
{
    public const string Gpt2 = "golden-gpt2", Stories = "stories260K";

    /// <summary>The model, a prompt and its subject.</summary>
    public static (EditableModel Model, string Prompt, string Subject) Load(string name) => name switch
    {
        Gpt2 => (GoldenGpt2.Load(), "The Space Needle is in the city of", "Space Needle"),
        Stories => (EditableModel.From(PretrainedModel.Load(SharedFixtures.Path("models", "stories260K", "stories260K.bin"))), "Lily went to the park with her mom and saw a", "Lily went"),
        _ => throw new ArgumentException(name, nameof(name)),
    };
}
