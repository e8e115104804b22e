using OpsDashboard.Core.Sessions;

namespace OpsDashboard.Web.Sessions;

/// <summary>
/// The in-memory side of a live session: its step gate (one step at a time), lease and status.
/// The database row is the record; this object is what makes serialization and sweeping cheap.
/// Mutable fields are guarded by locking the instance.
/// </summary>
public sealed class LiveSession(string id, string tenantId, LeaseTimes lease)
{
    public string Id { get; } = id;
    public string TenantId { get; } = tenantId;
    public SemaphoreSlim Gate { get; } = new(1, 1);
    public LeaseTimes Lease { get; set; } = lease;
    public SessionStatus Status { get; set; } = SessionStatus.Starting;
    public string? Url { get; set; }
    public int StepCount { get; set; }
    /// <summary>Set once the session is being ended, so nothing else ends it twice.</summary>
    public bool Ending { get; set; }
    /// <summary>The saved browser profile the session started from (and, with persist, writes back to at its end).</summary>
    public OpsDashboard.Web.Profiles.ProfileAttachment? Profile { get; set; }
    /// <summary>The operator driving the page by hand from the live view, or null (see SessionService.ManualControl.cs).</summary>
    public ControlHolder? Control { get; set; }
}
