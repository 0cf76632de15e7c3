namespace Amend.Tensors.Autograd;

/// <summary>
/// Whether operations on this thread record themselves for autograd. Recording is on by default;
/// <see cref="Disable"/> turns it off for a scope (inference, optimizer steps, backward itself).
/// </summary>
public static class GradMode
{
    [ThreadStatic]
    private static int t_disabledDepth;

    /// <summary>True when operations record the graph on this thread.</summary>
    public static bool IsEnabled => t_disabledDepth == 0;

    /// <summary>Stops recording until the returned scope is disposed; scopes nest.</summary>
    public static NoGradScope Disable()
    {
        t_disabledDepth++;
        return new NoGradScope();
    }

    /// <summary>A no-grad region; dispose it (with <c>using</c>) to restore recording.</summary>
    public readonly struct NoGradScope : IDisposable
    {
        /// <summary>Ends the region.</summary>
        public void Dispose() => t_disabledDepth--;
    }
}
