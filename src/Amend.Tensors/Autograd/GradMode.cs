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
    public static NoGradScope Disable() => new(++t_disabledDepth);

    /// <summary>
    /// A no-grad region; dispose it (with <c>using</c>) to restore recording. Each scope knows its depth, so
    /// disposing it twice (or a default scope) changes nothing, and recording cannot be left off for good.
    /// </summary>
    public readonly struct NoGradScope : IDisposable
    {
        private readonly int _depth;

        internal NoGradScope(int depth) => _depth = depth;

        /// <summary>Ends the region.</summary>
        /// <exception cref="InvalidOperationException">A scope opened inside this one is still open.</exception>
        public void Dispose()
        {
            if (t_disabledDepth > _depth && _depth > 0) throw new InvalidOperationException($"GradMode: a no-grad scope ended while {t_disabledDepth - _depth} scope(s) opened inside it are still open; end scopes in reverse order");
            if (t_disabledDepth == _depth && _depth > 0) t_disabledDepth--;
        }
    }
}
