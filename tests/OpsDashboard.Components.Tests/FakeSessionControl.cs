using System.Collections.Concurrent;
using OpsDashboard.Web.LiveView;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Components.Tests;

/// <summary>An in-memory <see cref="ISessionControl"/>: tests choose who holds control and whether a page can be watched, and read what was sent.</summary>
public sealed class FakeSessionControl : ISessionControl
{
    public ConcurrentDictionary<string, ControlHolder> Holders { get; } = new();
    public ConcurrentQueue<(string Session, string Holder, object Input)> Sent { get; } = new();
    public ConcurrentQueue<(string Session, string Holder, string Why)> Released { get; } = new();
    public List<LiveViewer> Viewers { get; } = [];

    /// <summary>False: the page is not held here (WatchAsync answers null).</summary>
    public bool Watchable { get; set; } = true;

    public string? Refusal { get; set; }

    /// <summary>Thrown by TakeAsync (a failure other than a refusal, e.g. the database went away).</summary>
    public Exception? TakeFailure { get; set; }

    /// <summary>Thrown by every input sent (e.g. the page stopped answering).</summary>
    public Exception? SendFailure { get; set; }

    public event Action<string>? Changed;

    public Task<LiveViewer?> WatchAsync(string sessionId, CancellationToken ct)
    {
        if (!Watchable)
        {
            return Task.FromResult<LiveViewer?>(null);
        }
        var viewer = new LiveViewer(sessionId, v => { lock (Viewers) { Viewers.Remove(v); } return Task.CompletedTask; });
        lock (Viewers)
        {
            Viewers.Add(viewer);
        }
        return Task.FromResult<LiveViewer?>(viewer);
    }

    public LiveViewStats? StatsOf(string sessionId) => new(1, 24, 240_000, TimeSpan.FromSeconds(2));

    public ControlHolder? HolderOf(string sessionId) => Holders.GetValueOrDefault(sessionId);

    public DateTimeOffset? ExpiresAt(string sessionId) => null;

    public Task<ControlAttempt> TakeAsync(string tenantId, string sessionId, string holderId, string holderName, CancellationToken ct)
    {
        if (TakeFailure is not null)
        {
            return Task.FromException<ControlAttempt>(TakeFailure);
        }
        if (Refusal is not null)
        {
            return Task.FromResult(new ControlAttempt(false, Refusal));
        }
        if (!Holders.TryAdd(sessionId, new ControlHolder(holderId, holderName, DashboardTestContext.Start)))
        {
            return Task.FromResult(new ControlAttempt(false, $"{Holders[sessionId].Name} holds control."));
        }
        Changed?.Invoke(sessionId);
        return Task.FromResult(new ControlAttempt(true, null));
    }

    public Task<bool> ReleaseAsync(string sessionId, string holderId, string why)
    {
        if (Holders.TryGetValue(sessionId, out var h) && h.HolderId == holderId && Holders.TryRemove(sessionId, out _))
        {
            Released.Enqueue((sessionId, holderId, why));
            Changed?.Invoke(sessionId);
            return Task.FromResult(true);
        }
        return Task.FromResult(false);
    }

    /// <summary>Someone else takes control (another tab), as the real lease would announce it.</summary>
    public void TakenElsewhere(string sessionId, string name)
    {
        Holders[sessionId] = new ControlHolder("tab-elsewhere", name, DashboardTestContext.Start);
        Changed?.Invoke(sessionId);
    }

    /// <summary>The lease ran out (idle timeout).</summary>
    public void Expire(string sessionId)
    {
        Holders.TryRemove(sessionId, out _);
        Changed?.Invoke(sessionId);
    }

    public Task<bool> PointerAsync(string sessionId, string holderId, PointerInput input, CancellationToken ct) => Send(sessionId, holderId, input);

    public Task<bool> KeyAsync(string sessionId, string holderId, KeyInput input, CancellationToken ct) => Send(sessionId, holderId, input);

    private Task<bool> Send(string sessionId, string holderId, object input)
    {
        if (SendFailure is not null)
        {
            return Task.FromException<bool>(SendFailure);
        }
        var holds = Holders.TryGetValue(sessionId, out var h) && h.HolderId == holderId;
        if (holds)
        {
            Sent.Enqueue((sessionId, holderId, input));
        }
        return Task.FromResult(holds);
    }
}
