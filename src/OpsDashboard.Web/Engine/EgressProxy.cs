using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OpsDashboard.Core.Policy;

namespace OpsDashboard.Web.Engine;

/// <summary>
/// The gate every connection a session's browser makes goes through. Each browser context is
/// created with its own proxy port on loopback (Playwright's per-context proxy; loopback is
/// proxied too), so every request of every page, frame, worker, redirect, form post and
/// <c>APIRequest</c> fetch arrives here: <c>CONNECT host:port</c> for https and websockets, an
/// absolute-form request for plain http. The host is resolved once, every address is checked
/// against the <see cref="UrlPolicy"/>, and the connection is made to the checked address, so a
/// DNS answer that changes between check and use (rebinding) cannot get around it. Refusals are
/// answered <c>403</c> with the reason (header <see cref="RefusedHeader"/>) and recorded on the port,
/// so the engine can say which navigation was refused and why.
/// </summary>
public sealed class EgressProxy(UrlPolicy policy, ILogger<EgressProxy> logger)
{
    public const string RefusedHeader = "X-OpsDashboard-Refused";
    private const int MaxHead = 64 * 1024;

    /// <summary>A new listening port for one browser context.</summary>
    public ProxyPort Open()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(256);
        var port = new ProxyPort(listener);
        _ = AcceptLoopAsync(port);
        return port;
    }

    private async Task AcceptLoopAsync(ProxyPort port)
    {
        while (!port.Closing.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await port.Listener.AcceptSocketAsync(port.Closing.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = HandleAsync(port, client);
        }
    }

    private async Task HandleAsync(ProxyPort port, Socket client)
    {
        var ct = port.Closing.Token;
        Socket? upstream = null;
        try
        {
            client.NoDelay = true;
            await using var clientStream = new NetworkStream(client, ownsSocket: false);
            var (head, extra) = await ReadHeadAsync(clientStream, ct);
            if (head is null)
            {
                return;
            }
            var lineEnd = head.IndexOf("\r\n", StringComparison.Ordinal);
            var requestLine = lineEnd < 0 ? head : head[..lineEnd];
            var parts = requestLine.Split(' ');
            if (parts.Length != 3)
            {
                await AnswerAsync(clientStream, 400, "Bad Request", "The proxy could not read the request line.", null, ct);
                return;
            }
            var (method, target, version) = (parts[0], parts[1], parts[2]);
            string host;
            int targetPort;
            string shown;
            string? originForm = null;
            var tunnel = method.Equals("CONNECT", StringComparison.OrdinalIgnoreCase);
            if (tunnel)
            {
                if (!TrySplitAuthority(target, out host, out targetPort))
                {
                    await AnswerAsync(clientStream, 400, "Bad Request", $"'{target}' is not host:port.", null, ct);
                    return;
                }
                shown = targetPort == 443 ? $"https://{target.Replace(":443", "", StringComparison.Ordinal)}/" : $"{target}";
            }
            else
            {
                if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
                {
                    var why = $"Only http:// requests and CONNECT tunnels go through this proxy, not '{Shorten(target)}'.";
                    port.Record(target, "", 0, why);
                    await AnswerAsync(clientStream, 403, "Forbidden", why, why, ct);
                    return;
                }
                host = uri.IdnHost;
                targetPort = uri.Port;
                shown = uri.AbsoluteUri;
                originForm = uri.PathAndQuery;
                if (!string.IsNullOrEmpty(uri.UserInfo))
                {
                    const string why = "URLs with a user name or password in them are not allowed.";
                    port.Record(shown, host, targetPort, why);
                    await AnswerAsync(clientStream, 403, "Forbidden", why, why, ct);
                    return;
                }
            }

            var decision = await policy.CheckConnectAsync(host, targetPort, ct);
            if (decision.Refusal is { } refusal)
            {
                port.Record(shown, host, targetPort, refusal);
                logger.LogWarning("Egress refused for session {SessionId}: {Target}: {Reason}", port.SessionId ?? "(warm)", shown, refusal);
                await AnswerAsync(clientStream, 403, "Forbidden", "Blocked by the URL policy: " + refusal, refusal, ct);
                return;
            }

            upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                connectTimeout.CancelAfter(TimeSpan.FromSeconds(15));
                try
                {
                    await upstream.ConnectAsync(decision.Addresses.ToArray(), targetPort, connectTimeout.Token);
                }
                catch (Exception ex) when (ex is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
                {
                    var why = ex is SocketException se ? $"{host}:{targetPort} could not be reached ({se.SocketErrorCode})." : $"{host}:{targetPort} did not answer within 15 s.";
                    port.RecordUnreachable(shown, host, targetPort, why);
                    await AnswerAsync(clientStream, 502, "Bad Gateway", why, null, ct);
                    return;
                }
            }
            await using var upstreamStream = new NetworkStream(upstream, ownsSocket: false);
            if (tunnel)
            {
                await clientStream.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), ct);
            }
            else
            {
                await upstreamStream.WriteAsync(Encoding.Latin1.GetBytes(RewriteHead(head, method, originForm!, version)), ct);
            }
            if (extra.Length > 0)
            {
                await upstreamStream.WriteAsync(extra, ct);
            }
            await PipeAsync(client, clientStream, upstream, upstreamStream, ct);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The browser or the site hung up, or the context closed: nothing to report.
        }
        finally
        {
            upstream?.Dispose();
            client.Dispose();
        }
    }

    /// <summary>Copies both ways; when one side stops sending, the other is told (half close) and drained.</summary>
    private static async Task PipeAsync(Socket a, NetworkStream aStream, Socket b, NetworkStream bStream, CancellationToken ct)
    {
        async Task CopyAsync(NetworkStream from, NetworkStream to, Socket toSocket)
        {
            try
            {
                await from.CopyToAsync(to, 16 * 1024, ct);
            }
            finally
            {
                try
                {
                    toSocket.Shutdown(SocketShutdown.Send);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                }
            }
        }
        var up = CopyAsync(aStream, bStream, b);
        var down = CopyAsync(bStream, aStream, a);
        try
        {
            await Task.WhenAll(up, down);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>The request line in origin form; proxy headers dropped; one request per connection.</summary>
    private static string RewriteHead(string head, string method, string originForm, string version)
    {
        var sb = new StringBuilder();
        sb.Append(method).Append(' ').Append(originForm).Append(' ').Append(version).Append("\r\n");
        foreach (var line in head.Split("\r\n").Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }
            var name = line.Split(':', 2)[0].Trim();
            if (name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            sb.Append(line).Append("\r\n");
        }
        // The origin closes after its answer, so the browser opens a new proxied connection (checked again) for its next request.
        sb.Append("Connection: close\r\n\r\n");
        return sb.ToString();
    }

    private static async Task<(string? Head, byte[] Extra)> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[8192];
        var total = new MemoryStream();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (total.Length < MaxHead)
        {
            var n = await stream.ReadAsync(buffer, timeout.Token);
            if (n == 0)
            {
                return (null, []);
            }
            total.Write(buffer, 0, n);
            var bytes = total.GetBuffer().AsSpan(0, (int)total.Length);
            var end = bytes.IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.Latin1.GetString(bytes[..(end + 4)]), bytes[(end + 4)..].ToArray());
            }
        }
        return (null, []);
    }

    /// <summary>The meta name on the proxy's own answers (refused, unreachable): a page that carries it is not the site's.</summary>
    public const string ErrorPageMarker = "opsdash-egress-error";

    private static async Task AnswerAsync(NetworkStream stream, int status, string reason, string message, string? refusal, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(
            $"<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"{ErrorPageMarker}\" content=\"{status}\"><title>{status} {reason}</title></head><body>" +
            $"<h1>OpsDashboard did not open this address</h1><p>{WebUtility.HtmlEncode(message)}</p></body></html>");
        var head = new StringBuilder()
            .Append($"HTTP/1.1 {status} {reason}\r\n")
            .Append("Content-Type: text/html; charset=utf-8\r\n")
            .Append($"Content-Length: {body.Length}\r\n")
            .Append("Cache-Control: no-store\r\n")
            .Append("Connection: close\r\n");
        if (refusal is not null)
        {
            head.Append(RefusedHeader).Append(": ").Append(Uri.EscapeDataString(refusal)).Append("\r\n");
        }
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), ct);
        await stream.WriteAsync(body, ct);
    }

    private static bool TrySplitAuthority(string authority, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = authority.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(authority[(colon + 1)..], out port) || port is <= 0 or > 65535)
        {
            return false;
        }
        host = authority[..colon].Trim('[', ']');
        return host.Length > 0;
    }

    private static string Shorten(string s) => s.Length > 80 ? s[..80] + "…" : s;
}

/// <summary>What the egress proxy refused (or could not reach) for one browser context.</summary>
public sealed record EgressRefusal(long Seq, DateTimeOffset At, string Target, string Host, int Port, string Reason, bool Refused);

/// <summary>One browser context's proxy port: its listener, the session it serves, what it refused.</summary>
public sealed class ProxyPort : IDisposable
{
    private readonly ConcurrentQueue<EgressRefusal> _log = new();
    private long _seq;

    internal ProxyPort(TcpListener listener)
    {
        Listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal TcpListener Listener { get; }

    internal CancellationTokenSource Closing { get; } = new();

    public int Port { get; }

    public string Server => $"http://127.0.0.1:{Port}";

    /// <summary>The session this context serves (null while it waits in the warm pool).</summary>
    public string? SessionId { get; set; }

    /// <summary>A mark to pass to <see cref="Since"/> later.</summary>
    public long Mark => Interlocked.Read(ref _seq);

    /// <summary>What was refused or unreachable after <paramref name="mark"/>, oldest first.</summary>
    public IReadOnlyList<EgressRefusal> Since(long mark) => [.. _log.Where(r => r.Seq > mark)];

    internal void Record(string target, string host, int port, string reason) => Add(target, host, port, reason, refused: true);

    internal void RecordUnreachable(string target, string host, int port, string reason) => Add(target, host, port, reason, refused: false);

    private void Add(string target, string host, int port, string reason, bool refused)
    {
        _log.Enqueue(new EgressRefusal(Interlocked.Increment(ref _seq), DateTimeOffset.UtcNow, target, host, port, reason, refused));
        while (_log.Count > 64 && _log.TryDequeue(out _))
        {
        }
    }

    public void Dispose()
    {
        if (Closing.IsCancellationRequested)
        {
            return;
        }
        Closing.Cancel();
        Listener.Stop();
        Listener.Dispose();
    }
}
