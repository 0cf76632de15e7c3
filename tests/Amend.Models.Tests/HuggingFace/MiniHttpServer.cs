using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Amend.Models.Tests.HuggingFace;

/// <summary>A request as the test server saw it.</summary>
internal sealed record MiniRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}

/// <summary>A response to send; when <see cref="DropAfter"/> is set, the connection closes after that many body bytes.</summary>
internal sealed record MiniResponse(int Status, Dictionary<string, string> Headers, byte[] Body, int? DropAfter = null);

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 over a TcpListener, one request per connection. Plain sockets give
/// the tests exact control over what the client receives, down to a connection dropped mid-body.
/// </summary>
internal sealed class MiniHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<MiniRequest, MiniResponse?> _handler;

    /// <param name="handler">The answer to a request; null leaves the connection open without an answer until the server is disposed.</param>
    public MiniHttpServer(Func<MiniRequest, MiniResponse?> handler)
    {
        _handler = handler;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    public int Port { get; }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var request = await ReadRequestAsync(stream);
            if (request is null) return;
            if (_handler(request) is not { } response)
            {
                // A silent server that holds no thread, so the client's timeout is all the test measures.
                await Task.Delay(Timeout.Infinite, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await WriteResponseAsync(stream, request, response);
            client.Client.Shutdown(SocketShutdown.Send);
        }
    }

    private static async Task<MiniRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0) return null;
            text.Append((char)one[0]);
        }

        var lines = text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var parts = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(h => h[0].Trim().ToLowerInvariant(), h => h[1].Trim());
        return new MiniRequest(parts[0], Uri.UnescapeDataString(parts[1]), headers);
    }

    private static async Task WriteResponseAsync(NetworkStream stream, MiniRequest request, MiniResponse response)
    {
        var head = new StringBuilder($"HTTP/1.1 {response.Status} {(HttpStatusCode)response.Status}\r\n");
        foreach (var (name, value) in response.Headers) head.Append($"{name}: {value}\r\n");
        head.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        if (request.Method == "HEAD") return;
        int length = Math.Min(response.DropAfter ?? response.Body.Length, response.Body.Length);
        await stream.WriteAsync(response.Body.AsMemory(0, length));
    }
}
