namespace OpsDashboard.Web.Data;

public sealed class TenantRecord
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class ApiKeyRecord
{
    public int Id { get; set; }
    public required string TenantId { get; set; }
    /// <summary>SHA-256 of the key, hex. Keys are 256-bit random values, so a fast hash is enough.</summary>
    public required string KeyHash { get; set; }
    /// <summary>The first characters, to tell keys apart in lists without revealing them.</summary>
    public required string Prefix { get; set; }
    public string? Label { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

public sealed class SessionRecord
{
    /// <summary>The recorded statuses of a session that is live (the one list every query for live sessions uses).</summary>
    public static readonly string[] LiveStatuses = ["starting", "idle", "busy"];

    /// <summary>The recorded lease times as one value.</summary>
    public OpsDashboard.Core.Sessions.LeaseTimes Lease() => new(CreatedAt, LastUsedAt, LeaseExpiresAt, MaxExpiresAt);

    public required string Id { get; set; }
    public required string TenantId { get; set; }
    public required string Status { get; set; }
    public string Engine { get; set; } = "local";
    /// <summary>The node whose browser holds the session (<see cref="NodeRecord"/>); null on a single SQLite node.</summary>
    public string? NodeId { get; set; }
    public string? Holder { get; set; }
    public string? MetadataJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastUsedAt { get; set; }
    public DateTimeOffset LeaseExpiresAt { get; set; }
    public DateTimeOffset MaxExpiresAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndReason { get; set; }
    public string? CurrentUrl { get; set; }
    public int StepCount { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public string? LastError { get; set; }
}

public sealed class StepRecord
{
    public long Id { get; set; }
    public required string SessionId { get; set; }
    public required string TenantId { get; set; }
    /// <summary>1-based position of the step in its session.</summary>
    public int Seq { get; set; }
    /// <summary>step, create, browse, retrieve.</summary>
    public required string Kind { get; set; }
    public required string Cmd { get; set; }
    /// <summary>running until finished, then the agent's answer (DONE, NOT SURE …) or ERROR.</summary>
    public required string Status { get; set; }
    public string? Message { get; set; }
    public string? UrlBefore { get; set; }
    public string? UrlAfter { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public double? DurationMs { get; set; }
    public string? Error { get; set; }
    public string? ScreenshotId { get; set; }
    /// <summary>Where the step's time went, phase by phase in ms (<see cref="OpsDashboard.Web.Diagnostics.StepPhases"/>); null for steps recorded before it existed.</summary>
    public string? PhasesJson { get; set; }
}

public sealed class ScreenshotRecord
{
    public required string Id { get; set; }
    public required string SessionId { get; set; }
    public required string TenantId { get; set; }
    public long? StepId { get; set; }
    /// <summary>Path relative to the data directory.</summary>
    public required string Path { get; set; }
    public int Bytes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class RetrievalRecord
{
    public long Id { get; set; }
    public required string SessionId { get; set; }
    public required string TenantId { get; set; }
    public required string RequestJson { get; set; }
    public string? SchemaJson { get; set; }
    public required string RowsJson { get; set; }
    public int RowCount { get; set; }
    public string? Url { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public double DurationMs { get; set; }
}

/// <summary>Steps counted per tenant per quota period.</summary>
public sealed class UsageRecord
{
    public required string TenantId { get; set; }
    public DateTimeOffset PeriodStart { get; set; }
    public long Steps { get; set; }
    public long SessionsCreated { get; set; }
}

/// <summary>
/// A tenant's named saved browser state (cookies, localStorage, IndexedDB). <see cref="StateProtected"/>
/// is the Playwright storage state encrypted with Data Protection; the summary columns hold no values.
/// </summary>
public sealed class ProfileRecord
{
    public required string Id { get; set; }
    public required string TenantId { get; set; }
    public required string Name { get; set; }
    public byte[]? StateProtected { get; set; }
    /// <summary>Size of the unencrypted storage state in bytes.</summary>
    public long SizeBytes { get; set; }
    /// <summary>JSON: [{origin, local_storage_keys, indexeddb}] — names and counts only.</summary>
    public string OriginsJson { get; set; } = "[]";
    /// <summary>JSON: [{name, domain, path, expires, http_only, secure}] — never values.</summary>
    public string CookiesJson { get; set; } = "[]";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Last time a session started from it or saved to it (the time-to-live counts from here).</summary>
    public DateTimeOffset LastUsedAt { get; set; }
    public string? LastSavedFromSessionId { get; set; }
    /// <summary>The session that holds it with <c>persist</c> (one writer at a time), if any.</summary>
    public string? HolderSessionId { get; set; }
}

/// <summary>
/// A live session's restart record: where it came from (profile, persist) and, after every step,
/// its storage state (encrypted) and URL, so a restarted gateway can reopen it.
/// </summary>
public sealed class SessionStateRecord
{
    public required string SessionId { get; set; }
    public string? ProfileId { get; set; }
    public string? ProfileName { get; set; }
    public bool Persist { get; set; }
    public byte[]? StateProtected { get; set; }
    public string? Url { get; set; }
    public long SizeBytes { get; set; }
    public DateTimeOffset? SavedAt { get; set; }
    /// <summary>The step after which the state was saved.</summary>
    public int SavedAfterStep { get; set; }
}
