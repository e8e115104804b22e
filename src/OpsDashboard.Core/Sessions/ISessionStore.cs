namespace OpsDashboard.Core.Sessions;

/// <summary>
/// Where sessions, their steps, usage and retrievals are recorded. Each write is one transaction: a
/// new session with its usage, a step's begin (the tenant's step quota checked and counted, its running
/// row and the session busy), a step's finish (its row and the session's row), a session's end, a
/// retrieval with the session's row, a renewal.
/// A finish or an end that meets a passing database fault is not lost: the implementation keeps it and
/// writes it, in order, once the database takes writes again (and says so by throwing).
/// </summary>
public interface ISessionStore
{
    /// <summary>The new session's row and one more session in its tenant's usage.</summary>
    Task AddSessionAsync(NewSession session, DateTimeOffset now);

    /// <summary>
    /// In one transaction: when <paramref name="usage"/> is given, one step counted in the tenant's usage for the
    /// period, unless the period already holds <see cref="StepUsage.Limit"/> (then nothing is written and the answer
    /// is null); the step's running row; unless it is the first page, the session as busy. Answers the step with its id.
    /// The check and the count are one statement, so two steps racing for a tenant's last step (on one node or two)
    /// cannot both pass.
    /// </summary>
    Task<RecordedStep?> BeginStepAsync(StepStart start, bool sessionBusy, StepUsage? usage);

    /// <summary>
    /// The step's final row and the session's row after it, in one transaction; kept for later (and thrown about)
    /// when the database cannot be written now.
    /// </summary>
    Task FinishStepAsync(RecordedStep step, StepEnd end, SessionAfterStep session);

    /// <summary>The picture taken just after a finished step's answer, attached to its row (dropped on a database fault: a picture is not worth keeping for later).</summary>
    Task SetStepPictureAsync(long stepId, string screenshotId);

    /// <summary>The session's end (status, time, reason; the reason is its last error when it failed); kept for later on a database fault.</summary>
    Task EndSessionAsync(string sessionId, SessionStatus status, DateTimeOffset at, string reason);

    /// <summary>The session's last error (kept for later on a database fault).</summary>
    Task SetLastErrorAsync(string sessionId, string error);

    /// <summary>A retrieval's row with the session's URL and lease after it; answers the retrieval's id.</summary>
    Task<long> AddRetrievalAsync(NewRetrieval retrieval, LeaseTimes lease);

    /// <summary>The session's lease after a renewal without a step.</summary>
    Task RenewAsync(string sessionId, LeaseTimes lease, CancellationToken ct);

    /// <summary>How a recorded session ended (status, time, reason), or null when no such session is recorded (for <paramref name="tenantId"/>, when given).</summary>
    Task<SessionEnding?> FindAsync(string sessionId, string? tenantId, CancellationToken ct);

    /// <summary>The id of the session's latest stored screenshot, or null.</summary>
    Task<string?> LatestScreenshotAsync(string tenantId, string sessionId, CancellationToken ct);

    /// <summary>
    /// Restart recovery, in one transaction: of the sessions recorded live (those of <paramref name="nodeId"/> when
    /// given), each step still running ends ERROR with <paramref name="interruptedError"/>; each session for which
    /// <paramref name="endReason"/> answers a reason ends <c>failed</c> with it, the others are left live to be reopened.
    /// </summary>
    Task<RestartRecovery> RecoverAfterRestartAsync(string? nodeId, DateTimeOffset now, string interruptedError,
        Func<RecoveringSession, string?> endReason, CancellationToken ct);

    /// <summary>What reopening a session after a restart needs from its record.</summary>
    Task<RestorableSession> FindForRestoreAsync(string sessionId, CancellationToken ct);
}

/// <summary>A session recorded live when the gateway started: its lease, and whether its browser state was saved after a step.</summary>
public sealed record RecoveringSession(string Id, string TenantId, LeaseTimes Lease, bool HasSavedState);

/// <summary>A step that was running when the gateway stopped.</summary>
public sealed record InterruptedStep(string SessionId, int Seq);

/// <summary>What restart recovery did: the steps it ended, the sessions it ended, the sessions left to reopen.</summary>
public sealed record RestartRecovery(IReadOnlyList<InterruptedStep> Interrupted, IReadOnlyList<RecoveringSession> Ended, IReadOnlyList<RecoveringSession> ToRestore);

/// <summary>A session to reopen: its lease, last URL, window size and the number of its last recorded step.</summary>
public sealed record RestorableSession(string Id, string TenantId, LeaseTimes Lease, string? CurrentUrl, int Width, int Height, int LastSeq);

/// <summary>A session's first row.</summary>
public sealed record NewSession(string Id, string TenantId, string Engine, string? Holder, string? MetadataJson, LeaseTimes Lease, string Url, int Width, int Height);

/// <summary>A step about to run: <paramref name="Seq"/> 0 is the first page of a create.</summary>
public sealed record StepStart(string SessionId, string TenantId, int Seq, string Kind, string Cmd, string? UrlBefore, DateTimeOffset StartedAt);

/// <summary>A step whose running row is written: <see cref="Id"/> names it (screenshots point at it); <see cref="Cmd"/> is what its row shows.</summary>
public sealed class RecordedStep(long id, StepStart start)
{
    public long Id { get; } = id;
    public StepStart Start { get; } = start;
    public int Seq => Start.Seq;
    public string Cmd { get; set; } = start.Cmd;
}

/// <summary>
/// A step counted in its tenant's usage for the quota period starting at <paramref name="PeriodStart"/>;
/// <paramref name="Limit"/> steps per period at most (zero or less: counted, no limit).
/// </summary>
public sealed record StepUsage(DateTimeOffset PeriodStart, int Limit);

/// <summary>How a step finished.</summary>
public sealed record StepEnd(string Status, string Message, string? UrlAfter, string? ScreenshotId, DateTimeOffset FinishedAt, TimeSpan Duration, string? Error,
    string? PhasesJson = null);

/// <summary>
/// The session's row after a step: its status (left as recorded when <see cref="SessionStatus"/> is ended, the end
/// being written by <see cref="ISessionStore.EndSessionAsync"/>), lease, URL, step count and last error (kept when null).
/// (A step's usage is counted when it begins: <see cref="ISessionStore.BeginStepAsync"/>.)
/// </summary>
public sealed record SessionAfterStep(string SessionId, string TenantId, SessionStatus Status, LeaseTimes Lease, string? Url, int StepCount, string? Error);

/// <summary>A retrieval's record.</summary>
public sealed record NewRetrieval(string SessionId, string TenantId, string RequestJson, string SchemaJson, string RowsJson, int RowCount, string Url,
    DateTimeOffset StartedAt, TimeSpan Duration, DateTimeOffset At);

/// <summary>A recorded session's status and, once ended, when and why.</summary>
public sealed record SessionEnding(string Status, DateTimeOffset? EndedAt, string? Reason);
