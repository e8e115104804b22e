using System.Text.Json;
using OpsDashboard.Web.Events;
using StackExchange.Redis;

namespace OpsDashboard.Web.ScaleOut;

/// <summary>
/// The event stream shared by the nodes (<c>ConnectionStrings:Redis</c>). Publishing runs one Lua
/// script, atomic in Redis: <c>INCR</c> of the global sequence, <c>INCR</c> of the session's own
/// sequence, <c>XADD</c> of the numbered event to a stream capped at the bus's history size, and a
/// <c>PUBLISH</c> that wakes the readers. Every node (the publisher too) reads the stream in its order
/// and delivers to its bus, so all nodes see the same events with the same numbers, gap-free, in one
/// order: replay after <c>afterSeq</c> means the same on every node, and one session's events keep
/// their order whichever node a client listens on. A node starting reads the stream's tail into its history.
/// </summary>
public sealed class RedisEventStream(IConnectionMultiplexer redis, OpsEventBus bus, NodeIdentity? node, ILogger<RedisEventStream> logger)
    : BackgroundService, IEventSequencer
{
    private const string SeqKey = "opsdash:events:seq";
    private const string StreamKey = "opsdash:events";
    private const string SessionSeqPrefix = "opsdash:events:session:";
    private static readonly RedisChannel Wake = RedisChannel.Literal("opsdash:events:new");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // ARGV[4], the publisher's own last seq, is a floor: after an outage (events numbered locally) or a
    // Redis that came back empty, the shared numbers continue above what this node's clients have seen
    // instead of below it, where every node's bus would ignore them as old.
    private const string AppendScript = """
        local seq = redis.call('INCR', KEYS[1])
        local floor = tonumber(ARGV[4])
        if seq <= floor then
          seq = floor + 1
          redis.call('SET', KEYS[1], seq)
        end
        local sseq = redis.call('INCR', KEYS[2])
        redis.call('EXPIRE', KEYS[2], 604800)
        redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[2], '*', 'seq', seq, 'sseq', sseq, 'e', ARGV[1])
        redis.call('PUBLISH', ARGV[3], seq)
        return {seq, sseq}
        """;

    /// <summary>Raises the shared sequence to at least ARGV[1] (this node's last seq), never lowers it.</summary>
    private const string RaiseScript = """
        local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
        if cur < tonumber(ARGV[1]) then
          redis.call('SET', KEYS[1], ARGV[1])
        end
        return 0
        """;

    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private string _lastId = "0-0";
    private DateTimeOffset _lastWarning;

    public OpsEvent? TryAppend(OpsEvent draft)
    {
        if (!redis.IsConnected)
        {
            // Known to be down: no call, so a publish (a step publishes several) does not wait out a timeout.
            WarnUnreachable("no connection");
            return null;
        }
        try
        {
            var e = draft with { NodeId = node?.Id };
            var result = (RedisResult[])redis.GetDatabase().ScriptEvaluate(AppendScript,
                [SeqKey, SessionSeqPrefix + e.SessionId, StreamKey],
                [JsonSerializer.Serialize(e, Json), OpsEventBus.HistorySize, Wake.ToString(), bus.LastSeq])!;
            return e with { Seq = (long)result[0], SessionSeq = (long)result[1] };
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or RedisTimeoutException)
        {
            WarnUnreachable(ex.Message);
            return null;
        }
    }

    private void WarnUnreachable(string error)
    {
        if (DateTimeOffset.UtcNow - _lastWarning > TimeSpan.FromSeconds(30))
        {
            _lastWarning = DateTimeOffset.UtcNow;
            logger.LogWarning("Redis cannot be reached ({Error}): events go to this node's own clients only until it is back", error);
        }
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The tail of the stream first: a client replaying after a seq gets the same answer here as on any other node.
        var db = redis.GetDatabase();
        try
        {
            var tail = await db.StreamRangeAsync(StreamKey, "-", "+", OpsEventBus.HistorySize, Order.Descending);
            foreach (var entry in tail.Reverse())
            {
                DeliverEntry(entry);
            }
            await redis.GetSubscriber().SubscribeAsync(Wake, (_, _) => _wake.Release());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The node starts anyway: the reader polls the stream once Redis answers (docs/scale-out.md).
            logger.LogWarning("Redis cannot be reached at start ({Error}): events stay on this node until it is back", ex.Message);
        }
        // Back after an outage: the shared numbers must pass the ones this node gave out on its own meanwhile,
        // or another node publishing first would be numbered below them and this node's bus would drop its events.
        redis.ConnectionRestored += OnConnectionRestored;
        bus.Sequencer = this;
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var db = redis.GetDatabase();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Woken by each PUBLISH; a poll every half second covers a lost wake-up.
                await _wake.WaitAsync(TimeSpan.FromMilliseconds(500), stoppingToken);
                while (_wake.CurrentCount > 0 && _wake.Wait(0))
                {
                }
                while (true)
                {
                    var entries = await db.StreamReadAsync(StreamKey, _lastId, 1000);
                    foreach (var entry in entries)
                    {
                        DeliverEntry(entry);
                    }
                    if (entries.Length < 1000)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning("Reading the shared event stream failed: {Error}", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Interactive)
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await redis.GetDatabase().ScriptEvaluateAsync(RaiseScript, [SeqKey], [bus.LastSeq]);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning("Could not raise the shared event sequence after Redis came back: {Error}", ex.Message);
            }
        });
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnConnectionRestored;
        bus.Sequencer = null;
        return base.StopAsync(cancellationToken);
    }

    private void DeliverEntry(StreamEntry entry)
    {
        _lastId = entry.Id!;
        var json = entry["e"];
        if (json.IsNullOrEmpty)
        {
            return;
        }
        try
        {
            var e = JsonSerializer.Deserialize<OpsEvent>(json.ToString(), Json);
            if (e is not null)
            {
                bus.Deliver(e with { Seq = (long)entry["seq"], SessionSeq = (long)entry["sseq"] });
            }
        }
        catch (JsonException ex)
        {
            logger.LogWarning("An entry of the shared event stream could not be read: {Error}", ex.Message);
        }
    }
}
