using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using OpsDashboard.Web.Engine;

namespace OpsDashboard.Web.Tests;

/// <summary>
/// ContextCloser: contexts of ended sessions are closed off the request path, one at a time normally, several at once
/// when hundreds end together (issue 15: memory back within a minute after 300 sessions close).
/// </summary>
public sealed class ContextCloserTests
{
    /// <summary>A browser context whose close takes <see cref="Delay"/> and counts how many closes overlap.</summary>
    public class SlowContext : DispatchProxy
    {
        public static int Running;
        public static int MostAtOnce;
        public static int Closed;
        public TimeSpan Delay { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name != nameof(IBrowserContext.CloseAsync))
            {
                throw new NotSupportedException(targetMethod?.Name);
            }
            return CloseAsync();
        }

        private async Task CloseAsync()
        {
            var now = Interlocked.Increment(ref Running);
            int seen;
            while (now > (seen = Volatile.Read(ref MostAtOnce)) && Interlocked.CompareExchange(ref MostAtOnce, now, seen) != seen)
            {
            }
            await Task.Delay(Delay);
            Interlocked.Decrement(ref Running);
            Interlocked.Increment(ref Closed);
        }
    }

    private static IBrowserContext Slow(TimeSpan delay)
    {
        var context = DispatchProxy.Create<IBrowserContext, SlowContext>();
        ((SlowContext)(object)context).Delay = delay;
        return context;
    }

    private static ProxyPort Port()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new ProxyPort(listener);
    }

    [Fact]
    public async Task ALongBacklog_IsClosedSeveralAtOnce_ButNeverMoreThanMaxParallel_AndEveryContextIsClosed()
    {
        (SlowContext.Running, SlowContext.MostAtOnce, SlowContext.Closed) = (0, 0, 0);
        using var closer = new ContextCloser(() => false, NullLogger.Instance);
        const int n = 40;
        for (var i = 0; i < n; i++)
        {
            closer.Close(Slow(TimeSpan.FromMilliseconds(100)), Port());
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (closer.Pending > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, closer.Pending);
        Assert.Equal(n, SlowContext.Closed);
        Assert.InRange(SlowContext.MostAtOnce, 2, ContextCloser.MaxParallel);
    }
}
