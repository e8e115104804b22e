using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using OpsDashboard.Web.Events;

namespace OpsDashboard.Web.Hubs;

/// <summary>
/// The push subscriptions of hub connections: each is one ordered feed pumped to its connection as
/// <c>event</c> messages, one send at a time (so the client sees seq order). Ended when the client
/// unsubscribes or disconnects. Thread-safe; singleton.
/// </summary>
public sealed class HubSubscriptions(IHubContext<OpsHub> hub, OpsEventBus bus, ILogger<HubSubscriptions> logger)
{
    public const string EventMethod = "event";
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, CancellationTokenSource>> _byConnection = new();
    private long _next;

    public string Start(string connectionId, Func<OpsEvent, bool> filter, long? afterSeq)
    {
        var id = "sub_" + Interlocked.Increment(ref _next);
        var cts = new CancellationTokenSource();
        _byConnection.GetOrAdd(connectionId, _ => new()).TryAdd(id, cts);
        // Subscribed here, before the method answers, so nothing published after the call is missed.
        var feed = new OrderedFeed(bus, filter, afterSeq);
        _ = Task.Run(async () =>
        {
            using (feed)
            {
                try
                {
                    await foreach (var e in feed.ReadAllAsync(cts.Token))
                    {
                        await hub.Clients.Client(connectionId).SendAsync(EventMethod, e, cts.Token);
                    }
                }
                catch (OperationCanceledException) when (cts.IsCancellationRequested)
                {
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "Hub subscription {Subscription} of connection {Connection} stopped", id, connectionId);
                }
            }
        });
        return id;
    }

    public bool Stop(string connectionId, string subscriptionId)
    {
        if (_byConnection.TryGetValue(connectionId, out var subs) && subs.TryRemove(subscriptionId, out var cts))
        {
            cts.Cancel();
            cts.Dispose();
            return true;
        }
        return false;
    }

    public void StopAll(string connectionId)
    {
        if (_byConnection.TryRemove(connectionId, out var subs))
        {
            foreach (var cts in subs.Values)
            {
                cts.Cancel();
                cts.Dispose();
            }
        }
    }

    public int Count(string connectionId) => _byConnection.TryGetValue(connectionId, out var subs) ? subs.Count : 0;
}
