using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.LiveView;

/// <summary>What taking control answered: taken, or who holds it / why not.</summary>
public sealed record ControlAttempt(bool Taken, string? Refusal);

/// <summary>
/// Who may drive a session's page by hand. One operator (one dashboard tab, <c>holderId</c>) holds a
/// session's control lease at a time; their pointer and keys go to the page, anyone else's are
/// dropped (and counted). The lease ends when the holder releases it, leaves the page, or sends no
/// input for <c>Ops:ControlIdleTimeout</c>; the session service then records what was done as one
/// manual step. While held, agent steps from the API answer 409 naming the holder.
/// </summary>
public sealed class ControlLeases : ISessionControl, IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, Lease> _leases = new();
    private readonly SessionService _sessions;
    private readonly LiveViewService _live;
    private readonly TimeProvider _clock;
    private readonly ILogger<ControlLeases> _logger;
    private readonly TimeSpan _idle;
    private ITimer? _sweeper;
    private long _dropped;

    public ControlLeases(SessionService sessions, LiveViewService live, TimeProvider clock, IOptions<OpsOptions> options, ILogger<ControlLeases> logger)
    {
        _sessions = sessions;
        _live = live;
        _clock = clock;
        _logger = logger;
        _idle = options.Value.ControlIdleTimeout > TimeSpan.Zero ? options.Value.ControlIdleTimeout : TimeSpan.FromSeconds(60);
    }

    /// <summary>Raised (off the caller's thread) when a session's control changes hands: taken or released.</summary>
    public event Action<string>? Changed;

    /// <summary>Input events dropped because their sender did not hold control.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public Task<LiveViewer?> WatchAsync(string sessionId, CancellationToken ct) => _live.WatchAsync(sessionId, ct);

    public LiveViewStats? StatsOf(string sessionId) => _live.StatsOf(sessionId);

    /// <summary>Who holds control of a session now, or null.</summary>
    public ControlHolder? HolderOf(string sessionId) => _sessions.ControlOf(sessionId);

    public async Task<ControlAttempt> TakeAsync(string tenantId, string sessionId, string holderId, string holderName, CancellationToken ct)
    {
        try
        {
            var step = await _sessions.TakeControlAsync(tenantId, sessionId, holderId, holderName, ct);
            _leases[sessionId] = new Lease(step, _clock.GetUtcNow());
            Changed?.Invoke(sessionId);
            return new ControlAttempt(true, null);
        }
        catch (ApiProblem ex)
        {
            return new ControlAttempt(false, ex.Message);
        }
    }

    /// <summary>Releases control when <paramref name="holderId"/> holds it; false otherwise.</summary>
    public async Task<bool> ReleaseAsync(string sessionId, string holderId, string why)
    {
        if (!_leases.TryGetValue(sessionId, out var lease) || lease.Step.Holder.HolderId != holderId)
        {
            return false;
        }
        return await EndAsync(sessionId, lease, why);
    }

    /// <summary>A pointer event from <paramref name="holderId"/>: sent to the page if they hold control, else dropped.</summary>
    public async Task<bool> PointerAsync(string sessionId, string holderId, PointerInput input, CancellationToken ct)
    {
        if (Holding(sessionId, holderId) is not { } lease || _live.ChannelOf(sessionId) is not { } channel)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }
        lease.Touch(_clock.GetUtcNow());
        switch (input.Kind)
        {
            case "down":
                Interlocked.Increment(ref lease.Clicks);
                break;
            case "wheel":
                Interlocked.Increment(ref lease.Scrolls);
                break;
        }
        await channel.DispatchPointerAsync(input, ct);
        return true;
    }

    /// <summary>A key from <paramref name="holderId"/>: sent to the page if they hold control, else dropped.</summary>
    public async Task<bool> KeyAsync(string sessionId, string holderId, KeyInput input, CancellationToken ct)
    {
        if (Holding(sessionId, holderId) is not { } lease || _live.ChannelOf(sessionId) is not { } channel)
        {
            Interlocked.Increment(ref _dropped);
            return false;
        }
        lease.Touch(_clock.GetUtcNow());
        if (input.Kind == "down")
        {
            Interlocked.Increment(ref lease.Keys);
        }
        await channel.DispatchKeyAsync(input, ct);
        return true;
    }

    /// <summary>When a held lease runs out without input, or null.</summary>
    public DateTimeOffset? ExpiresAt(string sessionId) => _leases.TryGetValue(sessionId, out var l) ? l.LastInput + _idle : null;

    private Lease? Holding(string sessionId, string holderId) =>
        _leases.TryGetValue(sessionId, out var lease) && lease.Step.Holder.HolderId == holderId ? lease : null;

    private async Task<bool> EndAsync(string sessionId, Lease lease, string why)
    {
        if (!_leases.TryRemove(new KeyValuePair<string, Lease>(sessionId, lease)))
        {
            return false;
        }
        try
        {
            var url = _live.ChannelOf(sessionId)?.Url;
            await _sessions.ReleaseControlAsync(lease.Step, new ManualTally(lease.Clicks, lease.Keys, lease.Scrolls), url, why);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Session {SessionId}: recording the end of manual control failed", sessionId);
        }
        Changed?.Invoke(sessionId);
        return true;
    }

    private async Task SweepAsync()
    {
        var now = _clock.GetUtcNow();
        foreach (var (id, lease) in _leases)
        {
            if (now - lease.LastInput >= _idle)
            {
                await EndAsync(id, lease, $"no input for {_idle.TotalSeconds:0} s");
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _sweeper = _clock.CreateTimer(_ => _ = SweepAsync(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _sweeper?.Dispose();
        foreach (var (id, lease) in _leases)
        {
            await EndAsync(id, lease, "the gateway is stopping");
        }
    }

    public void Dispose() => _sweeper?.Dispose();

    private sealed class Lease(ManualControlStep step, DateTimeOffset at)
    {
        private long _lastInputTicks = at.UtcTicks;
        public int Clicks;
        public int Keys;
        public int Scrolls;

        public ManualControlStep Step { get; } = step;

        public DateTimeOffset LastInput => new(Interlocked.Read(ref _lastInputTicks), TimeSpan.Zero);

        public void Touch(DateTimeOffset now) => Interlocked.Exchange(ref _lastInputTicks, now.UtcTicks);
    }
}
