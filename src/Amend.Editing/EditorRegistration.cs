using Amend.Editing.Hyperparameters;

namespace Amend.Editing;

/// <summary>Binds a method's EasyEdit alg_name to its hyperparameter type and its editor, once.</summary>
/// <param name="AlgName">EasyEdit's alg_name ("ROME").</param>
/// <param name="Aliases">Other names accepted on the command line ("r-rome", "ft-m"), lower case.</param>
/// <param name="HyperparametersType">The record read from the YAML file.</param>
/// <param name="Read">Reads that record from a YAML file, collecting warnings.</param>
/// <param name="Create">Makes the editor from its hyperparameters.</param>
public sealed record EditorRegistration(
    string AlgName,
    IReadOnlyList<string> Aliases,
    Type HyperparametersType,
    Func<string, ICollection<string>?, IHyperparameters> Read,
    Func<IHyperparameters, IEditor> Create)
{
    /// <summary>A registration for an editor over hyperparameters <typeparamref name="THyper"/>, whose files carry <paramref name="algName"/>.</summary>
    public static EditorRegistration For<THyper>(string algName, Func<THyper, IEditor> create, params string[] aliases)
        where THyper : IHyperparameters => For(algName, algName, create, aliases);

    /// <summary>
    /// A registration for a variant of a method whose files carry the method's alg_name, <paramref name="fileAlgName"/>
    /// (EasyEdit's FT-L and FT-M files say "FT").
    /// </summary>
    public static EditorRegistration For<THyper>(string algName, string fileAlgName, Func<THyper, IEditor> create, params string[] aliases)
        where THyper : IHyperparameters =>
        new(algName, aliases, typeof(THyper), (path, warnings) => HyperparameterFile.Read<THyper>(path, warnings, fileAlgName), h => create((THyper)h));
}
