using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.LiveView;

/// <summary>What the dashboard's live view needs: watching a session's page, and the control lease over it (<see cref="ControlLeases"/>).</summary>
public interface ISessionControl
{
    /// <summary>Raised with a session id when its control changes hands.</summary>
    event Action<string>? Changed;

    Task<LiveViewer?> WatchAsync(string sessionId, CancellationToken ct);

    LiveViewStats? StatsOf(string sessionId);

    ControlHolder? HolderOf(string sessionId);

    /// <summary>When the held lease runs out without input, or null.</summary>
    DateTimeOffset? ExpiresAt(string sessionId);

    Task<ControlAttempt> TakeAsync(string tenantId, string sessionId, string holderId, string holderName, CancellationToken ct);

    Task<bool> ReleaseAsync(string sessionId, string holderId, string why);

    Task<bool> PointerAsync(string sessionId, string holderId, PointerInput input, CancellationToken ct);

    Task<bool> KeyAsync(string sessionId, string holderId, KeyInput input, CancellationToken ct);
}
