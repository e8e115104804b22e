using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Playwright;

namespace OpsDashboard.Web.Engine;

/// <summary>
/// Closes browser contexts in the background, one at a time, so that neither the <c>DELETE</c> that
/// ended a session nor the next create waits for it: a close waits while a create is being answered
/// or a step runs, up to <see cref="MaxYield"/> and while fewer than <see cref="MaxBacklog"/> wait. The session is gone from
/// the engine at once; its context (and its egress proxy port) follow within moments. A backlog beyond
/// <see cref="MaxBacklog"/> (hundreds of sessions ended at once) is closed <see cref="MaxParallel"/> at a time, so their
/// memory comes back within a minute rather than one close after another.
/// </summary>
public sealed class ContextCloser : IDisposable
{
    public static readonly TimeSpan MaxYield = TimeSpan.FromSeconds(2);

    /// <summary>Beyond this many contexts waiting, closes do not yield (their memory matters more).</summary>
    public const int MaxBacklog = 8;

    /// <summary>Closes at once while the backlog is beyond <see cref="MaxBacklog"/>.</summary>
    public const int MaxParallel = 4;

    private readonly Channel<(IBrowserContext Context, ProxyPort Port)> _queue = Channel.CreateUnbounded<(IBrowserContext, ProxyPort)>(new() { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<bool> _busy;
    private readonly ILogger _logger;
    private int _pending;

    public ContextCloser(Func<bool> busy, ILogger logger)
    {
        _busy = busy;
        _logger = logger;
        _ = Task.Run(LoopAsync);
    }

    /// <summary>Contexts waiting to be closed.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public void Close(IBrowserContext context, ProxyPort port)
    {
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite((context, port)))
        {
            Interlocked.Decrement(ref _pending);
            port.Dispose();
        }
    }

    private async Task LoopAsync()
    {
        var ct = _stopping.Token;
        var closing = new List<Task>();
        try
        {
            await foreach (var (context, port) in _queue.Reader.ReadAllAsync(ct))
            {
                var since = Stopwatch.GetTimestamp();
                while (Pending <= MaxBacklog && _busy() && Stopwatch.GetElapsedTime(since) < MaxYield)
                {
                    await Task.Delay(25, ct);
                }
                var backlog = Pending > MaxBacklog;
                closing.Add(CloseOneAsync(context, port));
                // One at a time unless the backlog is long; then up to MaxParallel at once.
                while (closing.Count >= (backlog ? MaxParallel : 1))
                {
                    await Task.WhenAny(closing);
                    closing.RemoveAll(t => t.IsCompleted);
                }
            }
            await Task.WhenAll(closing);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task CloseOneAsync(IBrowserContext context, ProxyPort port)
    {
        try
        {
            await context.CloseAsync();
        }
        catch (PlaywrightException)
        {
            // Already gone with the browser.
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or TimeoutException)
        {
            _logger.LogDebug(ex, "A browser context could not be closed");
        }
        finally
        {
            port.Dispose();
            Interlocked.Decrement(ref _pending);
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
    }
}
