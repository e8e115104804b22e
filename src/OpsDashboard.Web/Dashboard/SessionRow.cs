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
    /// <summary>Seq of the last event applied (for tests and for ordering diagnostics).</summary>
    public long LastSeq { get; set; }

    public bool IsLive => SessionStatusExtensions.TryParseWire(Status, out var s) && s.IsLive();

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
    int LiveSessions, int Capacity, long ProcessMemoryBytes, long ManagedMemoryBytes, long? BrowserMemoryBytes);

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
public sealed record RetrieveModel(string SchemaJson, int MaxItems, bool RenderJs, bool ScrollToBottom, string? Cmd = null);
