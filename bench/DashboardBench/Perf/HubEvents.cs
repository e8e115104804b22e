using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace DashboardBench.Perf;

/// <summary>One event as a hub client saw it: the gateway's stamp (<c>at</c>) and when it arrived here.</summary>
internal readonly record struct SeenEvent(long Seq, double AtMs, double ReceivedMs, string Kind, string SessionId, int? StepCount);

/// <summary>A real SignalR client of <c>/hubs/ops</c>, subscribed to the tenant with an API key.</summary>
internal sealed class HubClient : IAsyncDisposable
{
    private readonly HubConnection _hub;
    private readonly Lock _gate = new();
    private readonly List<SeenEvent> _events = [];
    private long _count;

    private HubClient(HubConnection hub)
    {
        _hub = hub;
        _hub.On<JsonElement>("event", OnEvent);
    }

    /// <summary>When false the client only counts (the monitor keeps everything; the 20 clients keep their window).</summary>
    public bool Recording { get; set; }

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Connects and subscribes to the key's tenant: live from now, or replaying the history after <paramref name="afterSeq"/> first.</summary>
    public static async Task<HubClient> ConnectAsync(Uri baseUrl, string apiKey, bool recording, long? afterSeq = null)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, "hubs/ops"), o => o.Headers["X_MULTION_API_KEY"] = apiKey)
            .Build();
        var client = new HubClient(hub) { Recording = recording };
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("SubscribeTenant", null, afterSeq);
        return client;
    }

    private void OnEvent(JsonElement e)
    {
        var received = Clock.NowMs();
        Interlocked.Increment(ref _count);
        if (!Recording)
        {
            return;
        }
        var seen = new SeenEvent(
            e.GetProperty("seq").GetInt64(),
            Clock.ToMs(e.GetProperty("at").GetDateTimeOffset()),
            received,
            e.GetProperty("kind").GetString() ?? "",
            e.GetProperty("sessionId").GetString() ?? "",
            e.TryGetProperty("stepCount", out var sc) && sc.ValueKind == JsonValueKind.Number ? sc.GetInt32() : null);
        lock (_gate)
        {
            _events.Add(seen);
        }
    }

    /// <summary>A copy of what was recorded so far; <paramref name="clear"/> starts a new window.</summary>
    public List<SeenEvent> Take(bool clear)
    {
        lock (_gate)
        {
            var copy = _events.ToList();
            if (clear)
            {
                _events.Clear();
            }
            return copy;
        }
    }

    public async ValueTask DisposeAsync() => await _hub.DisposeAsync();
}

/// <summary>
/// The bench's own hub client: every event's seq, gateway time and kind, to match what browsers show
/// against when the gateway published it, and to count the event rate actually reached.
/// </summary>
internal sealed class EventMonitor(HubClient client) : IAsyncDisposable
{
    private readonly Dictionary<long, SeenEvent> _bySeq = [];
    private readonly Dictionary<(string Session, int Steps), double> _firstWithStepCount = [];

    public HubClient Client { get; } = client;

    public long Count => Client.Count;

    /// <summary>Moves newly recorded events into the lookup tables (call before matching).</summary>
    public void Absorb()
    {
        foreach (var e in Client.Take(clear: true))
        {
            _bySeq[e.Seq] = e;
            MaxSeq = Math.Max(MaxSeq, e.Seq);
            // step.finished, or a session.updated (a renewal) published between the count's increment and
            // the step.finished: whichever carried the new count first is what the grid could show first.
            if (e.StepCount is int n)
            {
                _firstWithStepCount.TryAdd((e.SessionId, n), e.AtMs);
            }
        }
    }

    public long MaxSeq { get; private set; }

    /// <summary>Seqs between the first and the last event received that never arrived.</summary>
    public List<long> Missing()
    {
        if (_bySeq.Count == 0)
        {
            return [];
        }
        var min = _bySeq.Keys.Min();
        var missing = new List<long>();
        for (var s = min; s <= MaxSeq; s++)
        {
            if (!_bySeq.ContainsKey(s))
            {
                missing.Add(s);
            }
        }
        return missing;
    }

    public SeenEvent? BySeq(long seq) => _bySeq.TryGetValue(seq, out var e) ? e : null;

    /// <summary>Gateway time of the first event that carried this step count for this session.</summary>
    public double? StepCountPublishedAt(string session, int stepCount) =>
        _firstWithStepCount.TryGetValue((session, stepCount), out var at) ? at : null;

    /// <summary>Events per kind whose gateway time falls in [from, to).</summary>
    public Dictionary<string, int> KindsBetween(double fromMs, double toMs) =>
        _bySeq.Values.Where(e => e.AtMs >= fromMs && e.AtMs < toMs).GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count());

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
