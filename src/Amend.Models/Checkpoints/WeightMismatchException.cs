namespace Amend.Models.Checkpoints;

/// <summary>
/// A checkpoint does not fit the model loading it: a tensor is missing, has another shape than the model
/// expects, or was left unused. The message names the tensor, where it was looked up, and both shapes.
/// </summary>
public sealed class WeightMismatchException : Exception
{
    /// <summary>Creates the exception for tensor <paramref name="tensorName"/> looked up in <paramref name="checkpoint"/>.</summary>
    public WeightMismatchException(string tensorName, string checkpoint, string message)
        : base(message)
    {
        TensorName = tensorName;
        Checkpoint = checkpoint;
    }

    /// <summary>The full checkpoint name of the first offending tensor.</summary>
    public string TensorName { get; }

    /// <summary>The file, folder or in-memory description the tensor was looked up in.</summary>
    public string Checkpoint { get; }
}
