using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.AlphaEdit;
using Amend.Editing.Methods.Kn;
using Amend.Editing.Methods.Kne;
using Amend.Editing.Methods.Memit;
using Amend.Editing.Methods.Pmet;
using Amend.Editing.Methods.Rome;

namespace Amend.Editing;

/// <summary>Every editing method Amend has, by EasyEdit alg_name. Runners and the command line are generic over it.</summary>
public static class EditorRegistry
{
    private static readonly EditorRegistration[] Registrations =
    [
        EditorRegistration.For<RomeHyperparameters>("ROME", h => new RomeEditor(h)),
        EditorRegistration.For<RRomeHyperparameters>("R-ROME", h => new RomeEditor(h), "rrome"),
        .. Methods.FineTune.FineTuneRegistrations.All,
        EditorRegistration.For<MemitHyperparameters>("MEMIT", h => new MemitEditor(h)),
        EditorRegistration.For<AlphaEditHyperparameters>("AlphaEdit", h => new AlphaEditEditor(h)),
        EditorRegistration.For<KnHyperparameters>("KN", h => new KnEditor(h)),
        EditorRegistration.For<PmetHyperparameters>("PMET", h => new PmetEditor(h)),
        EditorRegistration.For<KneHyperparameters>("KNE", h => new KneEditor(h)),
    ];

    /// <summary>The registered methods.</summary>
    public static IReadOnlyList<EditorRegistration> All => Registrations;

    /// <summary>The registration for <paramref name="method"/> (alg_name or alias, any case).</summary>
    /// <exception cref="ArgumentException">No such method; the message lists the known ones.</exception>
    public static EditorRegistration Find(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        return Registrations.FirstOrDefault(r => string.Equals(r.AlgName, method, StringComparison.OrdinalIgnoreCase) || r.Aliases.Contains(method.ToLowerInvariant()))
            ?? throw new ArgumentException($"unknown editing method \"{method}\"; known: {string.Join(", ", Registrations.Select(r => r.AlgName))}", nameof(method));
    }

    /// <summary>Reads <paramref name="hyperparametersPath"/> for <paramref name="method"/> and makes its editor.</summary>
    /// <exception cref="HyperparameterException">The file does not hold valid hyperparameters for the method.</exception>
    public static IEditor Create(string method, string hyperparametersPath, ICollection<string>? warnings = null)
    {
        var registration = Find(method);
        return registration.Create(registration.Read(hyperparametersPath, warnings));
    }
}
