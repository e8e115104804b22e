using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Web.Components.Pages;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.ScaleOut;

namespace OpsDashboard.Components.Tests;

/// <summary>
/// The overview page's nodes card (scale-out, docs/scale-out.md), read by the real
/// <see cref="NodeDirectory"/> from a real database (SQLite in a temp directory, migrated as a node does it).
/// </summary>
public class NodesCardTests : DashboardTestContext
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "opsdash-nodescard", Guid.NewGuid().ToString("N"));
    private IDbContextFactory<OpsDbContext>? _dbf;

    /// <summary>A migrated database holding <paramref name="nodes"/>, and the directory the card reads it through; this node is node-a.</summary>
    private async Task WithNodesAsync(params NodeRecord[] nodes)
    {
        Directory.CreateDirectory(_dir);
        var database = new ServiceCollection();
        database.AddSingleton<TimeProvider>(Clock);
        database.AddOpsDatabase(new ConfigurationBuilder().Build(), new DataDirectory(_dir), new OpsOptions());
        _dbf = database.BuildServiceProvider().GetRequiredService<IDbContextFactory<OpsDbContext>>();
        await using (var db = await _dbf.CreateDbContextAsync())
        {
            await OpsDatabase.MigrateAsync(db, CancellationToken.None);
            db.Nodes.AddRange(nodes);
            await db.SaveChangesAsync();
        }
        Services.AddSingleton(_dbf);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new NodeOptions { StaleAfter = TimeSpan.FromSeconds(15) }));
        Services.AddSingleton<NodeDirectory>();
        Services.AddSingleton(new NodeIdentity("node-a", "http://10.0.0.5:5080"));
    }

    private static NodeRecord Node(string id, string address, int live, int capacity, TimeSpan heartbeatAgo, TimeSpan? stoppedAgo = null) => new()
    {
        Id = id,
        Address = address,
        LiveSessions = live,
        Capacity = capacity,
        StartedAt = Start.AddHours(-3),
        HeartbeatAt = Start - heartbeatAgo,
        StoppedAt = Start - stoppedAgo,
    };

    private static string[] Cells(AngleSharp.Dom.IElement row) => row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();

    [Fact]
    public async Task Overview_NodesCard_ShowsEachNodesIdAddressStateSessionsAndHeartbeat_LiveFirst()
    {
        await WithNodesAsync(
            Node("node-c", "http://10.0.0.7:5080", live: 2, capacity: 40, heartbeatAgo: TimeSpan.FromMinutes(5), stoppedAgo: TimeSpan.FromMinutes(5)),
            Node("node-b", "http://10.0.0.6:5080", live: 0, capacity: 40, heartbeatAgo: TimeSpan.FromSeconds(2)),
            Node("node-d", "http://10.0.0.8:5080", live: 1, capacity: 20, heartbeatAgo: TimeSpan.FromMinutes(1)),
            Node("node-a", "http://10.0.0.5:5080", live: 3, capacity: 40, heartbeatAgo: TimeSpan.FromSeconds(1)));

        var cut = Render<Overview>();

        cut.WaitForAssertion(() => Assert.Contains("Nodes (2 live of 4)", cut.Find("[data-testid=nodes]").TextContent));
        var rows = cut.FindAll("[data-testid=node-row]");
        // Live nodes first, each group by id.
        Assert.Equal(["node-a", "node-b", "node-c", "node-d"], rows.Select(r => r.GetAttribute("data-node")));
        Assert.Equal(["node-a (this node)", "http://10.0.0.5:5080", "live", "3 / 40", "11:59:59Z", "2026-11-28 09:00Z"], Cells(rows[0]));
        Assert.Equal(["node-b", "http://10.0.0.6:5080", "live", "0 / 40", "11:59:58Z", "2026-11-28 09:00Z"], Cells(rows[1]));
        // Stopped: it recorded its stop (shut down, or found dead by the router or a heartbeat).
        Assert.Equal(["node-c", "http://10.0.0.7:5080", "stopped 11:55:00Z", "2 / 40", "11:55:00Z", "2026-11-28 09:00Z"], Cells(rows[2]));
        // Its heartbeat is older than Ops:Node:StaleAfter and nobody recorded the stop yet.
        Assert.Equal(["node-d", "http://10.0.0.8:5080", "no heartbeat", "1 / 20", "11:59:00Z", "2026-11-28 09:00Z"], Cells(rows[3]));
    }

    [Fact]
    public async Task NodesCard_ReadsTheNodesAgainEveryFiveSeconds()
    {
        await WithNodesAsync(
            Node("node-a", "http://10.0.0.5:5080", live: 3, capacity: 40, heartbeatAgo: TimeSpan.FromSeconds(1)),
            Node("node-b", "http://10.0.0.6:5080", live: 1, capacity: 40, heartbeatAgo: TimeSpan.FromSeconds(1)));
        var cut = Render<Overview>();
        cut.WaitForAssertion(() => Assert.Contains("Nodes (2 live of 2)", cut.Find("[data-testid=nodes]").TextContent));

        await using (var db = await _dbf!.CreateDbContextAsync())
        {
            var b = await db.Nodes.SingleAsync(n => n.Id == "node-b");
            b.StoppedAt = Start.AddSeconds(2);
            await db.SaveChangesAsync();
            var a = await db.Nodes.SingleAsync(n => n.Id == "node-a");
            a.LiveSessions = 4;
            a.HeartbeatAt = Start.AddSeconds(4);
            await db.SaveChangesAsync();
        }
        Clock.Advance(TimeSpan.FromSeconds(4));
        // Not before the five seconds are up.
        Assert.Contains("Nodes (2 live of 2)", cut.Find("[data-testid=nodes]").TextContent);
        Clock.Advance(TimeSpan.FromSeconds(1));

        // A short wait: the five seconds are the fake clock's, not the wall's.
        cut.WaitForAssertion(() => Assert.Contains("Nodes (1 live of 2)", cut.Find("[data-testid=nodes]").TextContent), TimeSpan.FromSeconds(2));
        var rows = cut.FindAll("[data-testid=node-row]");
        Assert.Equal(["node-a (this node)", "http://10.0.0.5:5080", "live", "4 / 40", "12:00:04Z", "2026-11-28 09:00Z"], Cells(rows[0]));
        Assert.Equal("stopped 12:00:02Z", Cells(rows[1])[2]);
    }

    [Fact]
    public void Overview_SingleNode_HasNoNodesCard()
    {
        // The embedded SQLite default registers no node directory: one node, nothing to list.
        var cut = Render<Overview>();

        cut.WaitForAssertion(() => Assert.Contains("in the last hour", cut.Find("[data-testid=card-steps]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=nodes]"));
        Assert.DoesNotContain("Nodes (", cut.Markup);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
