using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpsDashboard.Core.Policy;
using OpsDashboard.Web.Engine;

namespace OpsDashboard.Web.Tests;

/// <summary>
/// The egress proxy on its own, spoken to as Chromium speaks to it (CONNECT for https, absolute-form
/// requests for http): what it lets through, what it refuses, and that a refused target never sees
/// a connection.
/// </summary>
public sealed class EgressProxyTests : IAsyncLifetime
{
    private WebApplication _allowed = null!;
    private WebApplication _forbidden = null!;
    private int _forbiddenHits;
    private int _allowedPort;
    private int _forbiddenPort;

    public async Task InitializeAsync()
    {
        _allowed = Site(async c => await c.Response.WriteAsync("hello from the allowed site " + c.Request.Path));
        _forbidden = Site(async c =>
        {
            Interlocked.Increment(ref _forbiddenHits);
            await c.Response.WriteAsync("secret");
        });
        await _allowed.StartAsync();
        await _forbidden.StartAsync();
        _allowedPort = new Uri(_allowed.Urls.First()).Port;
        _forbiddenPort = new Uri(_forbidden.Urls.First()).Port;
    }

    private static WebApplication Site(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(handler);
        return app;
    }

    private ProxyPort OpenPort() =>
        new EgressProxy(new UrlPolicy(allowedHosts: [$"127.0.0.1:{_allowedPort}"]), NullLogger<EgressProxy>.Instance).Open();

    private static async Task<string> SendAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await reader.ReadToEndAsync(timeout.Token);
    }

    [Fact]
    public async Task PlainHttpToAnAllowedHost_IsForwardedInOriginForm_AndTheConnectionIsClosedAfterTheAnswer()
    {
        using var port = OpenPort();

        var answer = await SendAsync(port.Port,
            $"GET http://127.0.0.1:{_allowedPort}/page?x=1 HTTP/1.1\r\nHost: 127.0.0.1:{_allowedPort}\r\nProxy-Connection: keep-alive\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200", answer, StringComparison.Ordinal);
        Assert.Contains("hello from the allowed site /page", answer, StringComparison.Ordinal);
        Assert.Empty(port.Since(0));
    }

    [Fact]
    public async Task PlainHttpToAForbiddenAddress_Answers403WithTheReason_AndNeverConnects()
    {
        using var port = OpenPort();

        var answer = await SendAsync(port.Port, $"GET http://127.0.0.1:{_forbiddenPort}/ HTTP/1.1\r\nHost: 127.0.0.1:{_forbiddenPort}\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 403", answer, StringComparison.Ordinal);
        Assert.Contains(EgressProxy.RefusedHeader, answer, StringComparison.Ordinal);
        Assert.Contains("loopback", answer, StringComparison.Ordinal);
        Assert.Equal(0, Volatile.Read(ref _forbiddenHits));
        var refusal = Assert.Single(port.Since(0));
        Assert.Equal(_forbiddenPort, refusal.Port);
        Assert.True(refusal.Refused);
    }

    [Fact]
    public async Task ConnectToAForbiddenAddress_IsRefusedBeforeAnyTunnelIsOpened()
    {
        using var port = OpenPort();

        var answer = await SendAsync(port.Port, $"CONNECT 127.0.0.1:{_forbiddenPort} HTTP/1.1\r\nHost: 127.0.0.1:{_forbiddenPort}\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 403", answer, StringComparison.Ordinal);
        Assert.Equal(0, Volatile.Read(ref _forbiddenHits));
        Assert.Single(port.Since(0));
    }

    [Fact]
    public async Task ConnectToAnAllowedHost_OpensATunnelThatCarriesTheRequest()
    {
        using var port = OpenPort();

        var answer = await SendAsync(port.Port,
            $"CONNECT 127.0.0.1:{_allowedPort} HTTP/1.1\r\nHost: 127.0.0.1:{_allowedPort}\r\n\r\n" +
            $"GET /tunnelled HTTP/1.1\r\nHost: 127.0.0.1:{_allowedPort}\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 Connection Established", answer, StringComparison.Ordinal);
        Assert.Contains("hello from the allowed site /tunnelled", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET file:///etc/passwd HTTP/1.1\r\n\r\n", "403")]
    [InlineData("GET ftp://127.0.0.1/ HTTP/1.1\r\n\r\n", "403")]
    [InlineData("NONSENSE\r\n\r\n", "400")]
    [InlineData("CONNECT nocolon HTTP/1.1\r\n\r\n", "400")]
    public async Task RequestsThatAreNotHttpOrConnect_AreRefused(string request, string status)
    {
        using var port = OpenPort();

        var answer = await SendAsync(port.Port, request);

        Assert.StartsWith($"HTTP/1.1 {status}", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClosedPort_NoLongerAcceptsConnections()
    {
        var port = OpenPort();
        port.Dispose();

        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, port.Port));
    }

    public async Task DisposeAsync()
    {
        await _allowed.DisposeAsync();
        await _forbidden.DisposeAsync();
    }
}
