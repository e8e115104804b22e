using System.Runtime.CompilerServices;
using System.Threading.Channels;
using OpsDashboard.Web.Events;

namespace OpsDashboard.Web.Dashboard;

/// <summary>
/// A component's live view of the event bus: events are read off the render thread and handed over
/// in batches at most every <see cref="Interval"/> (never one render per event). Subscribe before
/// loading a snapshot, so nothing that happens during the load is missed. Dispose to stop; disposal
/// waits for the reader.
/// </summary>
public sealed class LiveFeed : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly OpsEventBus.Subscription _subscription;
    private readonly CancellationTokenSource _cts = new();
    private readonly Func<OpsEvent, bool>? _filter;
    private Task _reader = Task.CompletedTask;

    private LiveFeed(OpsEventBus bus, Func<OpsEvent, bool>? filter)
    {
        _subscription = bus.Subscribe();
        _filter = filter;
        LastSeqAtStart = bus.LastSeq;
    }

    /// <summary>The bus's last seq when the feed subscribed: everything after it arrives in batches.</summary>
    public long LastSeqAtStart { get; }

    /// <summary>Subscribes now; call <see cref="Start"/> once the snapshot is loaded.</summary>
    public static LiveFeed Subscribe(OpsEventBus bus, Func<OpsEvent, bool>? filter = null) => new(bus, filter);

    /// <summary>Starts delivering batches; <paramref name="onBatch"/> runs off the render thread (use InvokeAsync inside).</summary>
    public LiveFeed Start(Func<IReadOnlyList<OpsEvent>, Task> onBatch)
    {
        _reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in ReadBatchesAsync(_subscription.Reader, Interval, _filter, _cts.Token))
                {
                    await onBatch(batch);
                }
            }
            catch (OperationCanceledException) when (_cts.IsCancellationRequested)
            {
            }
            catch (ObjectDisposedException) when (_cts.IsCancellationRequested)
            {
                // The component's renderer went away while a batch was being applied.
            }
        });
        return this;
    }

    /// <summary>Waits for the first event, lets more gather for <paramref name="interval"/>, then answers all of them at once.</summary>
    public static async IAsyncEnumerable<IReadOnlyList<OpsEvent>> ReadBatchesAsync(ChannelReader<OpsEvent> reader, TimeSpan interval,
        Func<OpsEvent, bool>? filter, [EnumeratorCancellation] CancellationToken ct)
    {
        while (await reader.WaitToReadAsync(ct))
        {
            await Task.Delay(interval, ct);
            var batch = new List<OpsEvent>();
            while (reader.TryRead(out var e))
            {
                if (filter is null || filter(e))
                {
                    batch.Add(e);
                }
            }
            if (batch.Count > 0)
            {
                yield return batch;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _subscription.Dispose();
        try
        {
            await _reader;
        }
        catch (OperationCanceledException)
        {
        }
        _cts.Dispose();
    }
}
