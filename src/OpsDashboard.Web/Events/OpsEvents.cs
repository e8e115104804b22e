using System.Threading.Channels;

namespace OpsDashboard.Web.Events;

/// <summary>Event kinds, as they appear on the wire (SignalR) and in the dashboard.</summary>
/// <summary>Fixed event messages clients may recognise.</summary>
public static class OpsEvents
{
    /// <summary>The message of the <c>session.updated</c> event a lease renewal (without a step) publishes.</summary>
    public const string LeaseRenewed = "Lease renewed";
}

public static class OpsEventKinds
{
    public const string SessionOpened = "session.opened";
    public const string SessionUpdated = "session.updated";
    public const string SessionEnded = "session.ended";
    public const string StepStarted = "step.started";
    public const string StepProgress = "step.progress";
    public const string StepFinished = "step.finished";
    public const string StepPicture = "step.picture";
    public const string RetrieveFinished = "retrieve.finished";
    public const string Error = "error";
}

/// <summary>
/// One state change. <see cref="Seq"/> increases by one per event (per node; across all nodes when
/// they share Redis, see docs/scale-out.md), so a client that reconnects can ask for everything after
/// the last one it saw. <see cref="SessionSeq"/> increases by one per event of the same session.
/// <see cref="NodeId"/> names the node that published it (scale-out only).
/// </summary>
public sealed record OpsEvent(
    long Seq,
    DateTimeOffset At,
    string Kind,
    string TenantId,
    string SessionId,
    string Level,
    string? Status = null,
    string? Message = null,
    string? Url = null,
    int? StepSeq = null,
    string? Cmd = null,
    double? DurationMs = null,
    string? ScreenshotId = null,
    string? ErrorKind = null,
    int? StepCount = null,
    DateTimeOffset? LeaseExpiresAt = null,
    long? SessionSeq = null,
    string? NodeId = null);

/// <summary>
/// The one in-process event stream. Publishing never blocks (each subscriber has a bounded buffer
/// and a slow one loses its oldest events, marked by a gap in <see cref="OpsEvent.Seq"/>); the last
/// <see cref="HistorySize"/> events are kept for replay after a reconnect. Thread-safe.
/// </summary>
public sealed class OpsEventBus(TimeProvider clock, OpsDashboard.Core.Agent.SecretRedactor? redactor = null)
{
    private readonly OpsDashboard.Core.Agent.SecretRedactor _redactor = redactor ?? OpsDashboard.Core.Agent.SecretRedactor.None;

    public const int HistorySize = 20_000;
    private readonly Lock _gate = new();
    private readonly Queue<OpsEvent> _history = new();
    private readonly List<Channel<OpsEvent>> _subscribers = [];
    private long _seq;

    public long LastSeq => Interlocked.Read(ref _seq);

    private readonly Dictionary<string, long> _sessionSeq = new(StringComparer.Ordinal);

    /// <summary>
    /// When nodes share Redis (<c>ConnectionStrings:Redis</c>), numbers each event in the shared
    /// stream; the events come back to every node, this one included, through <see cref="Deliver"/>.
    /// </summary>
    public IEventSequencer? Sequencer { get; set; }

    public OpsEvent Publish(Func<long, DateTimeOffset, OpsEvent> make)
    {
        using var timed = OpsDashboard.Web.Diagnostics.StepPhases.Time("events");
        if (Sequencer is { } sequencer)
        {
            var draft = Redact(make(0, clock.GetUtcNow()));
            if (sequencer.TryAppend(draft) is { } appended)
            {
                return appended;
            }
            // The shared stream cannot be reached: this node's own clients still hear the event (docs/scale-out.md).
        }
        // Numbering and delivery under one lock: two publishers at once must reach every subscriber
        // in seq order (readers drop anything at or below the last seq they saw). TryWrite never blocks.
        lock (_gate)
        {
            var e = make(++_seq, clock.GetUtcNow());
            // Every event goes out with configured credentials masked, whoever published it.
            e = Redact(e);
            if (e.SessionId is { Length: > 0 } sid)
            {
                var n = _sessionSeq.GetValueOrDefault(sid) + 1;
                e = e with { SessionSeq = n };
                if (e.Kind == OpsEventKinds.SessionEnded)
                {
                    _sessionSeq.Remove(sid);
                }
                else
                {
                    _sessionSeq[sid] = n;
                }
            }
            Enqueue(e);
            return e;
        }
    }

    /// <summary>An event numbered by the shared stream (any node's), delivered in stream order; older or repeated ones are ignored.</summary>
    public void Deliver(OpsEvent e)
    {
        lock (_gate)
        {
            if (e.Seq <= _seq)
            {
                return;
            }
            _seq = e.Seq;
            Enqueue(e);
        }
    }

    private OpsEvent Redact(OpsEvent e) =>
        e with { Message = _redactor.RedactOrNull(e.Message), Cmd = _redactor.RedactOrNull(e.Cmd), Url = _redactor.RedactOrNull(e.Url) };

    /// <summary>Keeps and delivers one event; called under <see cref="_gate"/>.</summary>
    private void Enqueue(OpsEvent e)
    {
        _history.Enqueue(e);
        if (_history.Count > HistorySize)
        {
            _history.Dequeue();
        }
        foreach (var channel in _subscribers)
        {
            channel.Writer.TryWrite(e);
        }
    }

    /// <summary>Events after <paramref name="afterSeq"/> still in the history, oldest first.</summary>
    public IReadOnlyList<OpsEvent> Since(long afterSeq, Func<OpsEvent, bool>? filter = null)
    {
        lock (_gate)
        {
            return _history.Where(e => e.Seq > afterSeq && (filter is null || filter(e))).ToList();
        }
    }

    /// <summary>A live feed; dispose the subscription to stop it.</summary>
    public Subscription Subscribe(int capacity = 10_000)
    {
        var channel = Channel.CreateBounded<OpsEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }
        return new Subscription(channel.Reader, () =>
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
            channel.Writer.TryComplete();
        });
    }

    /// <summary>A reader of live events; disposing it unsubscribes.</summary>
    public sealed class Subscription(ChannelReader<OpsEvent> reader, Action dispose) : IDisposable
    {
        public ChannelReader<OpsEvent> Reader { get; } = reader;

        public void Dispose() => dispose();
    }
}

/// <summary>Numbers events in a stream shared by the nodes (<see cref="OpsDashboard.Web.ScaleOut.RedisEventStream"/>).</summary>
public interface IEventSequencer
{
    /// <summary>The event as numbered and appended, or null when the stream cannot be reached now.</summary>
    OpsEvent? TryAppend(OpsEvent draft);
}
