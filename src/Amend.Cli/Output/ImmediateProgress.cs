namespace Amend.Cli.Output;

/// <summary>
/// Reports on the reporting thread itself. <see cref="Progress{T}"/> would post to the thread pool, so a bar could
/// lag, reports arrive out of order, or the last one land after the summary is printed.
/// </summary>
internal sealed class ImmediateProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
