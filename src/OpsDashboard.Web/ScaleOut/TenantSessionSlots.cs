using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsDashboard.Web.Data;

namespace OpsDashboard.Web.ScaleOut;

/// <summary>
/// The tenant concurrent-session quota counted in the shared database, so it holds when a tenant's
/// sessions are on different nodes: under a per-tenant PostgreSQL advisory lock, the tenant's slots
/// whose session is live on a live node are counted and, when one more fits, a slot is taken for
/// the new session. (The step quota is the <c>Usage</c> table, already shared.)
/// </summary>
public sealed class TenantSessionSlots(IDbContextFactory<OpsDbContext> dbf, NodeIdentity node, TimeProvider clock, IOptions<NodeOptions> options)
{

    /// <summary>A slot whose session was never recorded (its create failed) stops counting after this.</summary>
    private static readonly TimeSpan PendingFor = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The tenant's live sessions across nodes before this one; when fewer than <paramref name="max"/>
    /// (or no limit), a slot is taken for <paramref name="sessionId"/> in the same transaction.
    /// </summary>
    public async Task<int> CountAndTakeAsync(string tenantId, string sessionId, int max, CancellationToken ct)
    {
        if (max <= 0)
        {
            return 0;
        }
        var now = clock.GetUtcNow();
        var staleBefore = now - options.Value.StaleAfter;
        var pendingSince = now - PendingFor;
        var self = node.Id;
        await using var db = await dbf.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext({"opsdash-tenant-slots:" + tenantId}))", ct);
        var count = await db.SessionSlots.Where(sl => sl.TenantId == tenantId
                && (sl.NodeId == self || db.Nodes.Any(n => n.Id == sl.NodeId && n.StoppedAt == null && n.HeartbeatAt > staleBefore))
                && (db.Sessions.Any(s => s.Id == sl.SessionId && SessionRecord.LiveStatuses.Contains(s.Status))
                    || (!db.Sessions.Any(s => s.Id == sl.SessionId) && sl.CreatedAt > pendingSince)))
            .CountAsync(ct);
        if (count < max)
        {
            db.SessionSlots.Add(new SessionSlotRecord { SessionId = sessionId, TenantId = tenantId, NodeId = self, CreatedAt = now });
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return count;
    }

    /// <summary>Drops slots whose session ended (they no longer count; this keeps the table small).</summary>
    public async Task PruneAsync(CancellationToken ct)
    {
        await using var db = await dbf.CreateDbContextAsync(ct);
        var before = clock.GetUtcNow() - PendingFor;
        await db.SessionSlots.Where(sl => sl.CreatedAt < before && !db.Sessions.Any(s => s.Id == sl.SessionId && SessionRecord.LiveStatuses.Contains(s.Status)))
            .ExecuteDeleteAsync(ct);
    }
}
