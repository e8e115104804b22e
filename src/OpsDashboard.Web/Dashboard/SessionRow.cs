using OpsDashboard.Core.Api;
using OpsDashboard.Core.Sessions;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Events;

namespace OpsDashboard.Web.Dashboard;

/// <summary>
/// One session as the dashboard shows it: loaded from the registry, then kept current by applying
/// events. Events carry absolute values (status, step count, lease), so applying one twice is harmless.
/// Mutated only on the owning component's render thread.
/// </summary>
public sealed class SessionRow
{
    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public string? Holder { get; set; }
    public string Status { get; set; } = "starting";
    /// <summary>Where it runs: <c>local</c> (this node's Chromium) or <c>upstream:{name}</c> (a hosted service).</summary>
    public string Engine { get; set; } = "local";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastUsedAt { get; set; }
    public DateTimeOffset LeaseExpiresAt { get; set; }
    public DateTimeOffset? MaxExpiresAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndReason { get; set; }
    public int StepCount { get; set; }
    public string? CurrentUrl { get; set; }
    public string? LastError { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    /// <summary>The cmd of the step running now, while busy.</summary>
    public string? RunningCmd { get; set; }
    public DateTimeOffset? RunningSince { get; set; }
    /// <summary>The last finished step's answer (DONE, CONTINUE, ASK_USER, NOT SURE, ERROR), its cmd and message; null before the first.</summary>
    public string? LastOutcome { get; set; }
    public string? LastCmd { get; set; }
    public string? LastMessage { get; set; }
    public double? LastDurationMs { get; set; }
    /// <summary>When a step last finished (or the session opened): what "Last used" shows. A renewal is not use.</summary>
    public DateTimeOffset? LastStepAt { get; set; }
    /// <summary>When the lease was last renewed without a step, if after the last step.</summary>
    public DateTimeOffset? RenewedAt { get; set; }
    /// <summary>Seq of the last event applied (for tests and for ordering diagnostics).</summary>
    public long LastSeq { get; set; }

    public bool IsLive => SessionStatusExtensions.TryParseWire(Status, out var s) && s.IsLive();

    /// <summary>When the session was last used by a step (a renewal does not count).</summary>
    public DateTimeOffset LastUsed => LastStepAt ?? CreatedAt;

    /// <summary>The last answer asks for a person: ASK_USER, NOT SURE or an error.</summary>
    public bool LastAnswerNeedsAttention => LastOutcome is StepStatus.AskUser or StepStatus.NotSure or "ERROR";

    /// <summary>
    /// Why an operator should look at this session now, or null: its last answer was ASK_USER, NOT SURE
    /// or an error; a step has run longer than <paramref name="longStep"/>; or the lease runs out within
    /// <paramref name="leaseWarning"/>.
    /// </summary>
    public string? Attention(DateTimeOffset now, TimeSpan longStep, TimeSpan leaseWarning)
    {
        if (!IsLive)
        {
            return null;
        }
        if (RunningSince is { } since && now - since > longStep)
        {
            return $"a step has run for {Format.Countdown(now - since)}";
        }
        if (RunningSince is null && LastAnswerNeedsAttention)
        {
            return $"last answer {LastOutcome}";
        }
        if (RunningSince is null && LeaseExpiresAt - now < leaseWarning)
        {
            return $"lease runs out in {Format.Countdown(LeaseExpiresAt - now)}";
        }
        return null;
    }

    /// <summary>The session's last step as loaded from the history.</summary>
    public SessionRow WithLastStep(StepRecord? step)
    {
        if (step is not null)
        {
            LastOutcome = step.Status;
            LastCmd = step.Cmd;
            LastMessage = step.Message;
            LastDurationMs = step.DurationMs;
            LastStepAt = step.FinishedAt;
        }
        // The record's last-used time moved past the last step: a renewal.
        var used = LastStepAt ?? CreatedAt;
        if (LastUsedAt > used.AddSeconds(1))
        {
            RenewedAt = LastUsedAt;
        }
        return this;
    }

    public static SessionRow From(SessionRecord r) => new()
    {
        Id = r.Id,
        TenantId = r.TenantId,
        Holder = r.Holder,
        Status = r.Status,
        Engine = r.Engine,
        CreatedAt = r.CreatedAt,
        LastUsedAt = r.LastUsedAt,
        LeaseExpiresAt = r.LeaseExpiresAt,
        MaxExpiresAt = r.MaxExpiresAt,
        EndedAt = r.EndedAt,
        EndReason = r.EndReason,
        StepCount = r.StepCount,
        CurrentUrl = r.CurrentUrl,
        LastError = r.LastError,
        Width = r.Width,
        Height = r.Height,
    };

    /// <summary>A row made from the opening event alone, until the record is loaded.</summary>
    public static SessionRow FromOpened(OpsEvent e) => new()
    {
        Id = e.SessionId,
        TenantId = e.TenantId,
        Status = e.Status ?? "starting",
        CreatedAt = e.At,
        LastUsedAt = e.At,
        LeaseExpiresAt = e.LeaseExpiresAt ?? e.At,
        CurrentUrl = e.Url,
        LastSeq = e.Seq,
    };

    /// <summary>Applies one event about this session. Ended sessions only take the ending itself.</summary>
    public void Apply(OpsEvent e)
    {
        if (e.Seq <= LastSeq && LastSeq != 0)
        {
            return;
        }
        LastSeq = e.Seq;
        if (!IsLive && e.Kind != OpsEventKinds.SessionEnded)
        {
            return;
        }
        switch (e.Kind)
        {
            case OpsEventKinds.SessionOpened:
            case OpsEventKinds.SessionUpdated:
                Status = e.Status ?? Status;
                CurrentUrl = e.Url ?? CurrentUrl;
                StepCount = e.StepCount ?? StepCount;
                LeaseExpiresAt = e.LeaseExpiresAt ?? LeaseExpiresAt;
                LastUsedAt = e.At;
                if (e.Message == OpsEvents.LeaseRenewed)
                {
                    RenewedAt = e.At;
                }
                break;
            case OpsEventKinds.StepStarted:
                Status = "busy";
                RunningCmd = e.Cmd;
                RunningSince = e.At;
                CurrentUrl = e.Url ?? CurrentUrl;
                break;
            case OpsEventKinds.StepProgress:
                CurrentUrl = e.Url ?? CurrentUrl;
                break;
            case OpsEventKinds.StepFinished:
                Status = "idle";
                RunningCmd = null;
                RunningSince = null;
                LastOutcome = e.Status;
                LastCmd = e.Cmd;
                LastMessage = e.Message;
                LastDurationMs = e.DurationMs;
                LastStepAt = e.At;
                RenewedAt = null;
                CurrentUrl = e.Url ?? CurrentUrl;
                StepCount = e.StepCount ?? StepCount;
                LeaseExpiresAt = e.LeaseExpiresAt ?? LeaseExpiresAt;
                LastUsedAt = e.At;
                break;
            case OpsEventKinds.RetrieveFinished:
                CurrentUrl = e.Url ?? CurrentUrl;
                LeaseExpiresAt = e.LeaseExpiresAt ?? LeaseExpiresAt;
                LastUsedAt = e.At;
                break;
            case OpsEventKinds.Error:
                LastError = e.Message;
                break;
            case OpsEventKinds.SessionEnded:
                Status = e.Status ?? "closed";
                EndedAt = e.At;
                EndReason = e.Message;
                RunningCmd = null;
                RunningSince = null;
                StepCount = e.StepCount ?? StepCount;
                if (Status == "failed")
                {
                    LastError = e.Message;
                }
                break;
        }
    }
}

/// <summary>One step of a session's timeline.</summary>
public sealed class StepView
{
    public int Seq { get; set; }
    public string Kind { get; set; } = "step";
    public string Cmd { get; set; } = "";
    /// <summary>running, then the agent's answer (DONE, NOT SURE, ASK_USER …) or ERROR.</summary>
    public string Status { get; set; } = "running";
    public string? Message { get; set; }
    public string? UrlBefore { get; set; }
    public string? UrlAfter { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public double? DurationMs { get; set; }
    public string? Error { get; set; }
    public string? ScreenshotId { get; set; }
    /// <summary>Where the step's time went, phase by phase in ms (stored with the record; null while running or for older steps).</summary>
    public string? PhasesJson { get; set; }
    /// <summary>Progress lines heard while the step ran (live only; not stored).</summary>
    public List<string> Progress { get; } = [];

    public bool IsRunning => Status == "running";

    public static StepView From(StepRecord s) => new()
    {
        Seq = s.Seq,
        Kind = s.Kind,
        Cmd = s.Cmd,
        Status = s.Status,
        Message = s.Message,
        UrlBefore = s.UrlBefore,
        UrlAfter = s.UrlAfter,
        StartedAt = s.StartedAt,
        DurationMs = s.DurationMs,
        Error = s.Error,
        ScreenshotId = s.ScreenshotId,
        PhasesJson = s.PhasesJson,
    };
}

/// <summary>A stored retrieve of a session.</summary>
public sealed record RetrievalView(long Id, DateTimeOffset StartedAt, int RowCount, string? Url, double DurationMs);

/// <summary>What a retrieve from the dashboard answered, with the stored record's id for the CSV link.</summary>
public sealed record RetrieveResult(long? RetrievalId, string Status, string Message, string Url, IReadOnlyList<string> Columns,
    IReadOnlyList<Dictionary<string, object?>> Rows, string RawJson);

/// <summary>An API key as listed: never the key itself, only its prefix.</summary>
public sealed record ApiKeyView(int Id, string TenantId, string Prefix, string? Label, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>The browser engine and this process, for the overview.</summary>
public sealed record EngineHealth(bool BrowserUp, string? Problem, int? BrowserProcessId, int ActiveContexts, int WarmContexts, int Relaunches,
    int LiveSessions, int Capacity, long ProcessMemoryBytes, long ManagedMemoryBytes, ProcessMemory? BrowserMemory, long? AvailableMemoryBytes,
    string CapacitySource = "configured")
{
    /// <summary>Browser contexts open: sessions' and the warm pool's.</summary>
    public int Contexts => ActiveContexts + WarmContexts;

    /// <summary>What one context holds: its renderers' PSS, shared out over the open contexts (the browser's own processes are paid once, on top).</summary>
    public long? PssPerContext => BrowserMemory is { Renderers: > 0 } m && Contexts > 0 ? m.RendererProportionalBytes / Contexts : null;

    /// <summary>How many more sessions the memory still available would hold at today's cost per context.</summary>
    public long? MemoryHeadroomSessions => AvailableMemoryBytes is { } available && PssPerContext is > 0 and { } per ? available / per : null;

    /// <summary>Sessions this node still accepts before its configured capacity.</summary>
    public int CapacityHeadroomSessions => Math.Max(0, Capacity - LiveSessions);
}

/// <summary>The "New session" form.</summary>
public sealed class NewSessionModel
{
    public string TenantId { get; set; } = "default";
    public string Url { get; set; } = "";
    public string? Holder { get; set; }
    public int Width { get; set; } = 1280;
    public int Height { get; set; } = 800;
    /// <summary>A saved profile (name or id) to start from; empty = an empty browser.</summary>
    public string? Profile { get; set; }
    /// <summary>Save the session's browser state back to <see cref="Profile"/> when it ends.</summary>
    public bool Persist { get; set; }
}

/// <summary>Which profile a session came from, and whether it writes back to it.</summary>
public sealed record SessionProfileView(string? ProfileId, string ProfileName, bool Persist);

/// <summary>The retrieve panel's request.</summary>
public sealed record RetrieveModel(string SchemaJson, int MaxItems, bool RenderJs, bool ScrollToBottom, string? Cmd = null, int MaxPages = 1);
