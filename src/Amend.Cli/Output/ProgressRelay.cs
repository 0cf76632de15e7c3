namespace Amend.Cli.Output;

/// <summary>
/// Forwards reports to a target set later, dropping those sent before: a statistics source is opened before the model
/// loads, while the progress display it reports to exists only once the edit runs.
/// </summary>
internal sealed class ProgressRelay<T> : IProgress<T>
{
    public IProgress<T>? Target { get; set; }

    public void Report(T value) => Target?.Report(value);
}
