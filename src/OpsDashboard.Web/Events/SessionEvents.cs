using OpsDashboard.Core.Api;
using OpsDashboard.Core.Sessions;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Events;

/// <summary>
/// Typed constructors for every event a session publishes: which fields each kind carries is written
/// here once. Each answers the maker <see cref="OpsEventBus.Publish"/> takes (it numbers and stamps the
/// event); use them as <c>bus.Publish(SessionEvents.StepFinished(...))</c>. The session's status, step
/// count and lease are read when the event is built, i.e. when it is published.
/// </summary>
public static class SessionEvents
{
    /// <summary><c>session.opened</c>: a new session's row is written, its first page not yet opened.</summary>
    public static Func<long, DateTimeOffset, OpsEvent> SessionOpened(string tenantId, string sessionId, string? holder, string url, DateTimeOffset leaseExpiresAt) =>
        (seq, at) => new OpsEvent(seq, at, OpsEventKinds.SessionOpened, tenantId, sessionId, "info", SessionStatus.Starting.ToWire(),
            $"Session opened{(holder is null ? "" : $" for {holder}")}", url, LeaseExpiresAt: leaseExpiresAt);

    /// <summary><c>session.updated</c>: the session changed outside a step (first page open, restored, profile saved); a warning when <paramref name="warning"/>.</summary>
    public static Func<long, DateTimeOffset, OpsEvent> SessionUpdated(LiveSession live, string message, string? url, bool warning = false,
        string? screenshotId = null, int? stepCount = null)
    {
        var (status, steps, lease) = Read(live);
        return (seq, at) => new OpsEvent(seq, at, OpsEventKinds.SessionUpdated, live.TenantId, live.Id, warning ? "warning" : "info",
            status, message, url, ScreenshotId: screenshotId, StepCount: stepCount ?? steps, LeaseExpiresAt: lease);
    }

    /// <summary><c>session.updated</c> with <see cref="OpsEvents.LeaseRenewed"/>: a renewal without a step.</summary>
    public static Func<long, DateTimeOffset, OpsEvent> LeaseRenewed(LiveSession live) => SessionUpdated(live, OpsEvents.LeaseRenewed, live.Url);

    /// <summary><c>session.ended</c>: closed, expired or failed, with the reason.</summary>
    public static Func<long, DateTimeOffset, OpsEvent> SessionEnded(LiveSession live, SessionStatus status, string reason) =>
        (seq, at) => new OpsEvent(seq, at, OpsEventKinds.SessionEnded, live.TenantId, live.Id,
            status == SessionStatus.Failed ? "error" : "info", status.ToWire(), reason, live.Url, StepCount: live.StepCount);

    /// <summary><c>step.started</c>: a step's running record is written.</summary>
    public static Func<long, DateTimeOffset, OpsEvent> StepStarted(LiveSession live, int stepSeq, string cmd, string? url, string? message = null) =>
        (seq, at) => new OpsEvent(seq, at, OpsEventKinds.StepStarted, live.TenantId, live.Id, "info", SessionStatus.Busy.ToWire(),
            message, url, stepSeq, cmd);

    /// <summary><c>step.progress</c>: one action of a running step completed.</summary>
    public static Func<long, DateTimeOffset, OpsEvent> StepProgress(LiveSession live, int stepSeq, string cmd, string message, string url) =>
        (seq, at) => new OpsEvent(seq, at, OpsEventKinds.StepProgress, live.TenantId, live.Id, "info", null, message, url, stepSeq, cmd);

    /// <summary>
    /// <c>step.finished</c>: a step's record is final. The level follows the answer (DONE/CONTINUE info, anything
    /// else a warning) or is an error when the step <paramref name="failed"/> (its engine's backend refused it).
    /// <paramref name="withLease"/> false: the lease was not renewed by this step.
    /// </summary>
    public static Func<long, DateTimeOffset, OpsEvent> StepFinished(LiveSession live, int stepSeq, string? cmd, string status, string message, string? url,
        TimeSpan duration, string? screenshotId = null, bool withLease = true, bool failed = false)
    {
        var level = failed ? "error" : status is StepStatus.Done or StepStatus.Continue ? "info" : "warning";
        var (_, steps, lease) = Read(live);
        return (seq, at) => new OpsEvent(seq, at, OpsEventKinds.StepFinished, live.TenantId, live.Id, level, status, message, url, stepSeq, cmd,
            duration.TotalMilliseconds, screenshotId, StepCount: steps, LeaseExpiresAt: withLease ? lease : null);
    }

    /// <summary><c>step.picture</c>: the thumbnail taken just after a step's answer is stored (step 0: a create's first page).</summary>
    public static Func<long, DateTimeOffset, OpsEvent> StepPicture(LiveSession live, int stepSeq, string screenshotId) =>
        (seq, at) => new OpsEvent(seq, at, OpsEventKinds.StepPicture, live.TenantId, live.Id, "info", null, null, null, stepSeq, ScreenshotId: screenshotId);

    /// <summary><c>retrieve.finished</c>: a retrieval is recorded.</summary>
    public static Func<long, DateTimeOffset, OpsEvent> RetrieveFinished(LiveSession live, string status, string message, string url, TimeSpan duration)
    {
        var (_, _, lease) = Read(live);
        return (seq, at) => new OpsEvent(seq, at, OpsEventKinds.RetrieveFinished, live.TenantId, live.Id, "info", status, message, url,
            DurationMs: duration.TotalMilliseconds, LeaseExpiresAt: lease);
    }

    /// <summary><c>error</c> of <paramref name="kind"/> (conflict, step, engine, upstream, billing, retrieve, profile …) on a session.</summary>
    public static Func<long, DateTimeOffset, OpsEvent> Error(string tenantId, string sessionId, string kind, string message, string? url) =>
        (seq, at) => new OpsEvent(seq, at, OpsEventKinds.Error, tenantId, sessionId, "error", null, message, url, ErrorKind: kind);

    /// <inheritdoc cref="Error(string, string, string, string, string?)"/>
    public static Func<long, DateTimeOffset, OpsEvent> Error(LiveSession live, string kind, string message) => Error(live.TenantId, live.Id, kind, message, live.Url);

    private static (string Status, int Steps, DateTimeOffset Lease) Read(LiveSession live)
    {
        lock (live)
        {
            return (live.Status.ToWire(), live.StepCount, live.Lease.LeaseExpiresAt);
        }
    }
}
