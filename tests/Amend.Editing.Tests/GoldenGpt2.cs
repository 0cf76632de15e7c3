using Amend.Models.HuggingFace;

namespace Amend.Editing.Tests;

/// <summary>
/// The golden 3-layer GPT-2 with the real GPT-2 tokenizer: the model EasyEdit's reference edits were made on
/// (shared/golden/PROVENANCE.md, "EasyEdit goldens"). Each call loads a fresh copy, since edits change it.
/// </summary>
internal static class GoldenGpt2
{
    public static EditableModel Load() => EditableModel.From(PretrainedModel.Load(
        SharedFixtures.Path("golden", "gpt2"), SharedFixtures.Path("models", "fake-gpt2-tiny-random")));

    /// <summary>The EasyEdit golden folder of a method, e.g. "ROME".</summary>
    public static string Reference(string method, params string[] parts) => SharedFixtures.Path(["golden", "easyedit", method, .. parts]);
}
