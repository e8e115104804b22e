namespace OpsDashboard.Web.Data;

/// <summary>
/// One gateway node sharing the database (scale-out): where it answers, how many sessions it can
/// hold and holds, and its heartbeat. A node is live while it has not stopped and its heartbeat is
/// fresh (<c>Ops:Node:StaleAfter</c>); the router sends work only to live nodes.
/// </summary>
public sealed class NodeRecord
{
    public required string Id { get; set; }
    /// <summary>Base URL other nodes and the router reach it on, e.g. http://10.0.0.5:5080.</summary>
    public required string Address { get; set; }
    public int Capacity { get; set; }
    public int LiveSessions { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset HeartbeatAt { get; set; }
    /// <summary>When it stopped (shut down, or was found dead: its heartbeat went stale or it refused connections).</summary>
    public DateTimeOffset? StoppedAt { get; set; }
}

/// <summary>
/// A tenant's concurrent-session slot, taken at admission under a per-tenant lock so that nodes
/// cannot both take a tenant's last slot. A slot counts while its session is live on a live node.
/// </summary>
public sealed class SessionSlotRecord
{
    public required string SessionId { get; set; }
    public required string TenantId { get; set; }
    public required string NodeId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
