using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsDashboard.Core.Sessions;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Data;

namespace OpsDashboard.Web.Sessions;

/// <summary>
/// <see cref="ISessionStore"/> on EF Core (SQLite): the one place sessions, steps, usage and retrievals are
/// read and written. Each write is one transaction. A step's finish and a session's end go through
/// <see cref="DeferredWrites"/>: on a passing database fault they are kept and written in order later, and
/// <see cref="FinishStepAsync"/> throws <see cref="RecordDeferredException"/> so the caller can say so.
/// Values arrive already redacted (the session service masks secrets before anything is recorded).
/// </summary>
public sealed class SessionStore(IDbContextFactory<OpsDbContext> dbFactory, DeferredWrites deferred, IOptions<OpsOptions> options) : ISessionStore
{
    private readonly TenantQuota _quota = options.Value.Quota();

    public async Task AddSessionAsync(NewSession session, DateTimeOffset now)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        db.Sessions.Add(new SessionRecord
        {
            Id = session.Id,
            TenantId = session.TenantId,
            Status = SessionStatus.Starting.ToWire(),
            Engine = session.Engine,
            Holder = session.Holder,
            MetadataJson = session.MetadataJson,
            CreatedAt = session.Lease.CreatedAt,
            LastUsedAt = session.Lease.LastUsedAt,
            LeaseExpiresAt = session.Lease.LeaseExpiresAt,
            MaxExpiresAt = session.Lease.MaxExpiresAt,
            CurrentUrl = session.Url,
            Width = session.Width,
            Height = session.Height,
        });
        await CountSessionAsync(db, session.TenantId, now);
        await db.SaveChangesAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
    }

    public async Task<RecordedStep?> BeginStepAsync(StepStart start, bool sessionBusy, StepUsage? usage)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        if (usage is not null && !await TryCountStepAsync(db, start.TenantId, usage))
        {
            // At the limit: nothing written (the transaction is rolled back as it is disposed).
            return null;
        }
        var row = new StepRecord
        {
            SessionId = start.SessionId,
            TenantId = start.TenantId,
            Seq = start.Seq,
            Kind = start.Kind,
            Cmd = start.Cmd,
            Status = "running",
            UrlBefore = start.UrlBefore,
            StartedAt = start.StartedAt,
        };
        db.Steps.Add(row);
        if (sessionBusy)
        {
            await db.Sessions.Where(s => s.Id == start.SessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SessionStatus.Busy.ToWire()));
        }
        await db.SaveChangesAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return new RecordedStep(row.Id, start);
    }

    public async Task FinishStepAsync(RecordedStep step, StepEnd end, SessionAfterStep session)
    {
        var row = new StepRecord
        {
            Id = step.Id,
            SessionId = step.Start.SessionId,
            TenantId = step.Start.TenantId,
            Seq = step.Seq,
            Kind = step.Start.Kind,
            Cmd = step.Cmd,
            Status = end.Status,
            Message = end.Message,
            UrlBefore = step.Start.UrlBefore,
            UrlAfter = end.UrlAfter,
            StartedAt = step.Start.StartedAt,
            FinishedAt = end.FinishedAt,
            DurationMs = end.Duration.TotalMilliseconds,
            Error = end.Error,
            ScreenshotId = end.ScreenshotId,
            PhasesJson = end.PhasesJson,
        };
        var ended = session.Status.IsEnded();
        var what = $"step {step.Seq} of session {session.SessionId}";
        // One transaction, retried later as a whole when the database cannot be written now.
        var fault = await deferred.WriteOrDeferAsync(what, async db =>
        {
            db.Steps.Attach(row);
            db.Entry(row).State = EntityState.Modified;
            await db.SaveChangesAsync(CancellationToken.None);
            await db.Sessions.Where(s => s.Id == session.SessionId).ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, s => ended ? s.Status : session.Status.ToWire())
                .SetProperty(s => s.LastUsedAt, session.Lease.LastUsedAt)
                .SetProperty(s => s.LeaseExpiresAt, session.Lease.LeaseExpiresAt)
                .SetProperty(s => s.CurrentUrl, session.Url)
                .SetProperty(s => s.StepCount, session.StepCount)
                .SetProperty(s => s.LastError, s => session.Error ?? s.LastError));
        });
        if (fault is not null)
        {
            throw new RecordDeferredException(fault, what);
        }
    }

    public async Task SetStepPictureAsync(long stepId, string screenshotId)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.Steps.Where(s => s.Id == stepId).ExecuteUpdateAsync(u => u.SetProperty(s => s.ScreenshotId, screenshotId));
    }

    public async Task EndSessionAsync(string sessionId, SessionStatus status, DateTimeOffset at, string reason) =>
        // A database fault defers the record (DeferredWrites): the session still ends now.
        await deferred.WriteOrDeferAsync($"the end of session {sessionId}", db => db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.Status, status.ToWire())
            .SetProperty(s => s.EndedAt, at)
            .SetProperty(s => s.EndReason, reason)
            .SetProperty(s => s.LastError, s => status == SessionStatus.Failed ? reason : s.LastError)));

    public async Task SetLastErrorAsync(string sessionId, string error) =>
        await deferred.WriteOrDeferAsync($"the last error of session {sessionId}", db => db.Sessions.Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastError, error)));

    public async Task<long> AddRetrievalAsync(NewRetrieval retrieval, LeaseTimes lease)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var record = new RetrievalRecord
        {
            SessionId = retrieval.SessionId,
            TenantId = retrieval.TenantId,
            RequestJson = retrieval.RequestJson,
            SchemaJson = retrieval.SchemaJson,
            RowsJson = retrieval.RowsJson,
            RowCount = retrieval.RowCount,
            Url = retrieval.Url,
            StartedAt = retrieval.StartedAt,
            DurationMs = retrieval.Duration.TotalMilliseconds,
        };
        db.Retrievals.Add(record);
        await db.SaveChangesAsync(CancellationToken.None);
        await db.Sessions.Where(s => s.Id == retrieval.SessionId).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.CurrentUrl, retrieval.Url)
            .SetProperty(s => s.LastUsedAt, retrieval.At)
            .SetProperty(s => s.LeaseExpiresAt, lease.LeaseExpiresAt), CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return record.Id;
    }

    public async Task RenewAsync(string sessionId, LeaseTimes lease, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Sessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.LastUsedAt, lease.LastUsedAt)
            .SetProperty(s => s.LeaseExpiresAt, lease.LeaseExpiresAt), ct);
    }

    public async Task<SessionEnding?> FindAsync(string sessionId, string? tenantId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Sessions.AsNoTracking().Where(s => s.Id == sessionId && (tenantId == null || s.TenantId == tenantId))
            .Select(s => new SessionEnding(s.Status, s.EndedAt, s.EndReason)).FirstOrDefaultAsync(ct);
    }

    public async Task<string?> LatestScreenshotAsync(string tenantId, string sessionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Screenshots.AsNoTracking().Where(s => s.SessionId == sessionId && s.TenantId == tenantId)
            .OrderByDescending(s => s.CreatedAt).Select(s => s.Id).FirstOrDefaultAsync(ct);
    }

    public async Task<RestartRecovery> RecoverAfterRestartAsync(string? nodeId, DateTimeOffset now, string interruptedError,
        Func<RecoveringSession, string?> endReason, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var orphans = await db.Sessions.Where(s => SessionRecord.LiveStatuses.Contains(s.Status) && (nodeId == null || s.NodeId == nodeId)).ToListAsync(ct);
        var running = await db.Steps.Where(s => s.Status == "running" && (nodeId == null || db.Sessions.Any(x => x.Id == s.SessionId && x.NodeId == nodeId)))
            .ToListAsync(ct);
        var interrupted = new List<InterruptedStep>();
        foreach (var step in running)
        {
            step.Status = "ERROR";
            step.Error = interruptedError;
            step.FinishedAt = now;
            interrupted.Add(new InterruptedStep(step.SessionId, step.Seq));
        }
        var ids = orphans.Select(s => s.Id).ToList();
        var saved = (await db.SessionStates.AsNoTracking().Where(x => ids.Contains(x.SessionId) && x.StateProtected != null).Select(x => x.SessionId).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var ended = new List<RecoveringSession>();
        var kept = new List<RecoveringSession>();
        foreach (var s in orphans)
        {
            var session = new RecoveringSession(s.Id, s.TenantId, s.Lease(), saved.Contains(s.Id));
            if (endReason(session) is not { } reason)
            {
                kept.Add(session);
                continue;
            }
            s.Status = SessionStatus.Failed.ToWire();
            s.EndedAt = now;
            s.EndReason = reason;
            s.LastError = reason;
            ended.Add(session);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new RestartRecovery(interrupted, ended, kept);
    }

    public async Task<RestorableSession> FindForRestoreAsync(string sessionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var s = await db.Sessions.AsNoTracking().FirstAsync(x => x.Id == sessionId, ct);
        var lastSeq = await db.Steps.Where(x => x.SessionId == sessionId).MaxAsync(x => (int?)x.Seq, ct) ?? 0;
        return new RestorableSession(s.Id, s.TenantId, s.Lease(), s.CurrentUrl, s.Width, s.Height, lastSeq);
    }

    /// <summary>
    /// One step more in the period's usage, when the period holds fewer than <see cref="StepUsage.Limit"/>: one upsert
    /// whose update applies only under the limit, so the check and the count cannot be split by a racing step
    /// (SQLite serialises writers; PostgreSQL locks the row and re-reads it under ON CONFLICT). True when counted.
    /// </summary>
    private static async Task<bool> TryCountStepAsync(OpsDbContext db, string tenantId, StepUsage usage)
    {
        var period = usage.PeriodStart.UtcTicks;
        var limit = usage.Limit;
        var counted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Usage" ("TenantId", "PeriodStart", "Steps", "SessionsCreated") VALUES ({tenantId}, {period}, 1, 0)
            ON CONFLICT ("TenantId", "PeriodStart") DO UPDATE SET "Steps" = "Usage"."Steps" + 1 WHERE {limit} <= 0 OR "Usage"."Steps" < {limit}
            """);
        return counted > 0;
    }

    /// <summary>Counts a new session in the period's usage with an upsert, so concurrent creates of one tenant never race on the period's row.</summary>
    private async Task CountSessionAsync(OpsDbContext db, string tenantId, DateTimeOffset now)
    {
        var period = _quota.PeriodStart(now).UtcTicks;
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "Usage" ("TenantId", "PeriodStart", "Steps", "SessionsCreated") VALUES ({tenantId}, {period}, 0, 1)
            ON CONFLICT ("TenantId", "PeriodStart") DO UPDATE SET "SessionsCreated" = "Usage"."SessionsCreated" + 1
            """);
    }
}
