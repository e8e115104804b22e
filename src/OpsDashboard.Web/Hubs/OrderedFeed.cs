using System.Runtime.CompilerServices;
using OpsDashboard.Web.Events;

namespace OpsDashboard.Web.Hubs;

/// <summary>
/// Replay-then-live over the event bus, in seq order and without duplicates: subscribes at
/// construction, then <see cref="ReadAllAsync"/> answers the history after <c>afterSeq</c> (what a
/// reconnecting client missed) followed by live events, skipping any live event already replayed.
/// A gap in seq means events fell out of the bus's history or a slow reader's buffer.
/// </summary>
public sealed class OrderedFeed : IDisposable
{
    private readonly OpsEventBus _bus;
    private readonly Func<OpsEvent, bool> _filter;
    private readonly long? _afterSeq;
    private readonly OpsEventBus.Subscription _subscription;
    private readonly long _subscribedAt;

    public OrderedFeed(OpsEventBus bus, Func<OpsEvent, bool> filter, long? afterSeq)
    {
        _bus = bus;
        _filter = filter;
        _afterSeq = afterSeq;
        _subscription = bus.Subscribe();
        _subscribedAt = bus.LastSeq;
    }

    /// <summary>The bus's last seq when this feed subscribed.</summary>
    public long SubscribedAt => _subscribedAt;

    public async IAsyncEnumerable<OpsEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var last = _subscribedAt;
        if (_afterSeq is { } after)
        {
            last = after;
            foreach (var e in _bus.Since(after, _filter))
            {
                ct.ThrowIfCancellationRequested();
                last = e.Seq;
                yield return e;
            }
            last = Math.Max(last, Math.Min(_subscribedAt, _bus.LastSeq));
        }
        await foreach (var e in _subscription.Reader.ReadAllAsync(ct))
        {
            if (e.Seq <= last || !_filter(e))
            {
                continue;
            }
            last = e.Seq;
            yield return e;
        }
    }

    public void Dispose() => _subscription.Dispose();
}
