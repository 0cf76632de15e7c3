namespace Amend.Editing.Tests.Statistics;

/// <summary>Calls back on the reporting thread (System.Progress posts to the thread pool, too late for assertions).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
