namespace OpsDashboard.Web.ScaleOut;

/// <summary>
/// <c>Ops:Node</c>: how this node appears to the others when the database is shared (PostgreSQL).
/// See docs/scale-out.md.
/// </summary>
public sealed class NodeOptions
{
    public const string Section = "Ops:Node";

    /// <summary>Stable id of this node; default: one made at first start and kept in the data directory (<c>node-id</c>).</summary>
    public string? Id { get; set; }

    /// <summary>Base URL the router and other nodes reach this node on; default: the first address the server listens on.</summary>
    public string? Address { get; set; }

    /// <summary>How often the node writes its heartbeat and live-session count.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A node whose heartbeat is older than this is taken as stopped (its sessions end failed).</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>This node's id and (once the server listens) address.</summary>
public sealed class NodeIdentity(string id, string? address)
{
    public string Id { get; } = id;

    public string? Address { get; set; } = address;
}
