using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsDashboard.Core.Sessions;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Events;

namespace OpsDashboard.Web.ScaleOut;

/// <summary>A node as the overview and the router see it.</summary>
public sealed record NodeView(string Id, string Address, int Capacity, int LiveSessions, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt,
    DateTimeOffset? StoppedAt, bool IsLive);

/// <summary>
/// The nodes sharing the database: which are live, which stopped, and the end of the sessions a
/// stopped node held ("the node holding this session stopped at …"). Used by every node's heartbeat,
/// the router and the overview page.
/// </summary>
public sealed class NodeDirectory(IDbContextFactory<OpsDbContext> dbf, TimeProvider clock, IOptions<NodeOptions> options, IServiceProvider services)
{

    public TimeSpan StaleAfter => options.Value.StaleAfter;

    /// <summary>The sentence a session held by a stopped node ends with.</summary>
    public static string StoppedSentence(NodeRecord node, DateTimeOffset at) =>
        $"the node holding this session stopped at {at:yyyy-MM-ddTHH:mm:ssZ} (node {node.Id} at {node.Address}); its browser is gone";

    public async Task<IReadOnlyList<NodeView>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbf.CreateDbContextAsync(ct);
        var nodes = await db.Nodes.AsNoTracking().ToListAsync(ct);
        var staleBefore = clock.GetUtcNow() - StaleAfter;
        return nodes.Select(n => new NodeView(n.Id, n.Address, n.Capacity, n.LiveSessions, n.StartedAt, n.HeartbeatAt, n.StoppedAt,
                n.StoppedAt is null && n.HeartbeatAt > staleBefore))
            .OrderByDescending(n => n.IsLive).ThenBy(n => n.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Live sessions of a tenant on live nodes (GET /v1/web/sessions across nodes), oldest first.</summary>
    public async Task<IReadOnlyList<string>> LiveSessionIdsAsync(string tenantId, CancellationToken ct)
    {
        await using var db = await dbf.CreateDbContextAsync(ct);
        var staleBefore = clock.GetUtcNow() - StaleAfter;
        return await db.Sessions.AsNoTracking()
            .Where(s => s.TenantId == tenantId && SessionRecord.LiveStatuses.Contains(s.Status)
                && db.Nodes.Any(n => n.Id == s.NodeId && n.StoppedAt == null && n.HeartbeatAt > staleBefore))
            .OrderBy(s => s.CreatedAt).Select(s => s.Id).ToListAsync(ct);
    }

    /// <summary>Records that a node stopped at <paramref name="at"/> (unless it already did) and ends the sessions it held.</summary>
    public async Task<int> MarkStoppedAsync(string nodeId, DateTimeOffset at, CancellationToken ct)
    {
        await using var db = await dbf.CreateDbContextAsync(ct);
        var node = await db.Nodes.FirstOrDefaultAsync(n => n.Id == nodeId, ct);
        if (node is null)
        {
            return 0;
        }
        node.StoppedAt ??= at;
        await db.SaveChangesAsync(ct);
        return await EndSessionsOfAsync(db, node, ct);
    }

    /// <summary>
    /// Every node but <paramref name="self"/> whose heartbeat went stale is recorded as stopped at its
    /// last heartbeat, and the live sessions of stopped nodes end failed, saying so. Answers how many ended.
    /// </summary>
    public async Task<int> ReapAsync(string? self, CancellationToken ct)
    {
        await using var db = await dbf.CreateDbContextAsync(ct);
        var staleBefore = clock.GetUtcNow() - StaleAfter;
        var dead = await db.Nodes.Where(n => n.Id != self && (n.StoppedAt != null || n.HeartbeatAt <= staleBefore)
            && db.Sessions.Any(s => s.NodeId == n.Id && SessionRecord.LiveStatuses.Contains(s.Status))).ToListAsync(ct);
        var stale = await db.Nodes.Where(n => n.Id != self && n.StoppedAt == null && n.HeartbeatAt <= staleBefore).ToListAsync(ct);
        foreach (var n in stale)
        {
            n.StoppedAt = n.HeartbeatAt;
        }
        await db.SaveChangesAsync(ct);
        var ended = 0;
        foreach (var node in dead.Concat(stale).DistinctBy(n => n.Id))
        {
            ended += await EndSessionsOfAsync(db, node, ct);
        }
        return ended;
    }

    private async Task<int> EndSessionsOfAsync(OpsDbContext db, NodeRecord node, CancellationToken ct)
    {
        var at = node.StoppedAt ?? clock.GetUtcNow();
        var reason = StoppedSentence(node, at);
        var sessions = await db.Sessions.Where(s => s.NodeId == node.Id && SessionRecord.LiveStatuses.Contains(s.Status)).ToListAsync(ct);
        foreach (var s in sessions)
        {
            s.Status = SessionStatus.Failed.ToWire();
            s.EndedAt = at;
            s.EndReason = reason;
            s.LastError = reason;
        }
        await db.SaveChangesAsync(ct);
        if (services.GetService<OpsEventBus>() is { } bus)
        {
            foreach (var s in sessions)
            {
                bus.Publish((seq, now) => new OpsEvent(seq, now, OpsEventKinds.SessionEnded, s.TenantId, s.Id, "error", s.Status, reason, s.CurrentUrl, StepCount: s.StepCount));
            }
        }
        return sessions.Count;
    }
}
