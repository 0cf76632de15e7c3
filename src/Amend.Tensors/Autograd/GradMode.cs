namespace Amend.Tensors.Autograd;

/// <summary>
/// Whether operations on this thread record themselves for autograd. Recording is on by default;
/// <see cref="Disable"/> turns it off for a scope (inference, optimizer steps, backward itself).
/// </summary>
public static class GradMode
{
    // The open scopes' tokens, innermost on top. Tokens are unique across threads and only grow, so a scope that has
    // ended (or one disposed on another thread) is never confused with a later one opened at the same depth.
    [ThreadStatic]
    private static Stack<long>? t_open;

    private static long s_lastToken;

    /// <summary>True when operations record the graph on this thread.</summary>
    public static bool IsEnabled => t_open is null || t_open.Count == 0;

    /// <summary>Stops recording until the returned scope is disposed; scopes nest.</summary>
    public static NoGradScope Disable()
    {
        long token = Interlocked.Increment(ref s_lastToken);
        (t_open ??= new Stack<long>()).Push(token);
        return new NoGradScope(token);
    }

    /// <summary>
    /// A no-grad region; dispose it (with <c>using</c>) to restore recording. Each scope has its own token, so
    /// disposing it twice (or a default scope) changes nothing, even after other scopes have opened, and
    /// recording cannot be left off for good.
    /// </summary>
    public readonly struct NoGradScope : IDisposable
    {
        private readonly long _token;

        internal NoGradScope(long token) => _token = token;

        /// <summary>Ends the region.</summary>
        /// <exception cref="InvalidOperationException">A scope opened inside this one is still open.</exception>
        public void Dispose()
        {
            var open = t_open;
            if (_token == 0 || open is null || !open.Contains(_token)) return;
            if (open.Peek() != _token)
            {
                long token = _token;
                throw new InvalidOperationException($"GradMode: a no-grad scope ended while {open.Count(t => t > token)} scope(s) opened inside it are still open; end scopes in reverse order");
            }

            open.Pop();
        }
    }
}
