namespace Amend.Tensors.Backends;

/// <summary>
/// The process-wide choice of GEMM implementation. It is an explicit setting, made in code (or by
/// <c>amend ... --backend</c>), never read from the environment, and it starts as
/// <see cref="GemmBackend.Managed"/>.
/// </summary>
public static class GemmBackends
{
    private static volatile int current = (int)GemmBackend.Managed;

    /// <summary>The backend every GEMM uses now.</summary>
    public static GemmBackend Current => (GemmBackend)current;

    /// <summary>Whether <paramref name="backend"/> can run on this machine (OpenBLAS: the library loads and exports cblas_sgemm).</summary>
    public static bool IsAvailable(GemmBackend backend) => UnavailableReason(backend) is null;

    /// <summary>Why <paramref name="backend"/> cannot run here, with what to install; null when it can.</summary>
    public static string? UnavailableReason(GemmBackend backend) => backend switch
    {
        GemmBackend.Managed => null,
        GemmBackend.OpenBlas => OpenBlas.LoadError,
        _ => $"unknown GEMM backend {backend}",
    };

    /// <summary>
    /// Makes every GEMM in the process use <paramref name="backend"/> until the returned scope is
    /// disposed, which restores the previous choice. Meant for a program's or a benchmark's start.
    /// </summary>
    /// <exception cref="InvalidOperationException">The backend cannot run here; the message says why.</exception>
    public static IDisposable Use(GemmBackend backend)
    {
        string? reason = UnavailableReason(backend);
        if (reason is not null) throw new InvalidOperationException($"GEMM backend {backend} is unavailable: {reason}");
        var previous = Current;
        current = (int)backend;
        return new Restore(previous);
    }

    private sealed class Restore(GemmBackend previous) : IDisposable
    {
        private bool disposed;

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            current = (int)previous;
        }
    }
}
