namespace Amend.Models.Checkpoints;

/// <summary>
/// Recognises PyTorch pickle checkpoints (pytorch_model.bin, *.pt, *.pth, *.ckpt), which Amend never loads
/// because unpickling can run arbitrary code, and explains how to convert them to safetensors.
/// </summary>
internal static class PickleCheckpointDetector
{
    private static readonly string[] s_pickleExtensions = [".bin", ".pt", ".pth", ".ckpt"];

    /// <summary>True when <paramref name="path"/> names a file with a pickle checkpoint extension.</summary>
    public static bool IsPickleFile(string path) =>
        s_pickleExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase)
        && !Path.GetFileName(path).Equals("training_args.bin", StringComparison.OrdinalIgnoreCase);

    /// <summary>The pickle checkpoint files directly inside <paramref name="folder"/>, sorted.</summary>
    public static IReadOnlyList<string> FindIn(string folder) =>
        Directory.EnumerateFiles(folder).Where(IsPickleFile).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The error for a folder whose only weights are the given pickle files.</summary>
    public static CheckpointFormatException FolderError(string folder, IReadOnlyList<string> pickles)
    {
        string names = string.Join(", ", pickles.Select(Path.GetFileName));
        bool huggingFace = pickles.Any(p => Path.GetFileName(p).StartsWith("pytorch_model", StringComparison.Ordinal));
        string fix = huggingFace ? TransformersSnippet(folder) : StateDictSnippet(pickles[0]);
        return new CheckpointFormatException(folder, $"no safetensors weights, only PyTorch pickle files ({names}). {Refusal}{fix}");
    }

    /// <summary>The error for a single pickle file given where a safetensors file was expected.</summary>
    public static CheckpointFormatException FileError(string file) =>
        new(file, $"is a PyTorch pickle checkpoint. {Refusal}{StateDictSnippet(file)}");

    private const string Refusal = "Amend does not load pickle files, because unpickling can run arbitrary code. Convert once with Python:\n";

    private static string TransformersSnippet(string folder)
    {
        string output = folder.TrimEnd('/', '\\') + "-safetensors";
        return "    from transformers import AutoModelForCausalLM, AutoTokenizer\n"
            + $"    AutoModelForCausalLM.from_pretrained(\"{folder}\").save_pretrained(\"{output}\", safe_serialization=True)\n"
            + $"    AutoTokenizer.from_pretrained(\"{folder}\").save_pretrained(\"{output}\")\n"
            + $"then use \"{output}\".";
    }

    private static string StateDictSnippet(string file)
    {
        string output = Path.ChangeExtension(file, ".safetensors");
        return "    import torch; from safetensors.torch import save_file\n"
            + $"    state = torch.load(\"{file}\", map_location=\"cpu\", weights_only=True)\n"
            + $"    save_file({{k: v.clone().contiguous() for k, v in state.items()}}, \"{output}\")\n"
            + $"then use \"{output}\".";
    }
}
