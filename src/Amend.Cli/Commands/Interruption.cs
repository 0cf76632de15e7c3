using System.Runtime.InteropServices;

namespace Amend.Cli.Commands;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM as a cancellation token, for as long as a long command runs: the first signal asks
/// the command to stop at its next safe point (between optimisation steps, forward passes, benchmark cases),
/// where it keeps what it has done and removes what it had half written; a second one ends the process at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly TextWriter _error;
    private readonly PosixSignalRegistration[] _signals;

    private Interruption(TextWriter error, CancellationToken outer)
    {
        _error = error;
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _signals = OperatingSystem.IsWindows() || OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()
            ? [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)]
            : [];
    }

    /// <summary>Cancelled by the first signal, or when <c>outer</c> is (a caller's own token, as tests give).</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Listens for signals until disposed; <paramref name="error"/> hears that a stop was asked for.</summary>
    public static Interruption Listen(TextWriter error, CancellationToken outer) => new(error, outer);

    public void Dispose()
    {
        foreach (var signal in _signals) signal.Dispose();
        _source.Dispose();
    }

    // Leaving context.Cancel false lets the runtime's default run: the second signal terminates the process.
    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested) return;
        context.Cancel = true;
        _error.WriteLine($"amend: {context.Signal} received; stopping at the next safe point (press Ctrl+C again to quit at once, leaving partial files)");
        _source.Cancel();
    }
}
