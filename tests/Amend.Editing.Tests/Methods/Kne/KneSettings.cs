using Amend.Editing.Methods.Kne;

namespace Amend.Editing.Tests.Methods.Kne;

/// <summary>KNE settings and requests for the golden 3-layer GPT-2 (c_proj weights 128 × 32).</summary>
internal static class KneSettings
{
    public static readonly EditRequest Request = new() { Prompt = "The Space Needle is located in the city of", Subject = "Space Needle", TargetNew = "Goa" };

    public static readonly EditRequest[] Requests =
    [
        Request,
        new() { Prompt = "{} plays the", Subject = "Miles Davis", TargetNew = "accordion" },
        new() { Prompt = "The capital of {} is", Subject = "France", TargetNew = "Lyon" },
    ];

    public static KneHyperparameters Golden(int igSteps = 4) => new()
    {
        RewriteModuleTmp = "transformer.h.{}.mlp.c_proj",
        IgSteps = igSteps,
        P = 0.05,
        Alpha = 4,
        LearningRate = 1e-2,
        NumSteps = 10,
    };
}
