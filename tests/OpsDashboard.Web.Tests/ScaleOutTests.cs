using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Hubs;
using OpsDashboard.Web.ScaleOut;
using OpsDashboard.Web.Sessions;
using OpsDashboard.Web.Tests.Infrastructure;
using StackExchange.Redis;

namespace OpsDashboard.Web.Tests;

/// <summary>
/// Three gateway nodes (A, B and C, the one that gets stopped) and the router (Ops:Mode = router)
/// on loopback, sharing one PostgreSQL database and one Redis of the test run's own. Started once
/// for the class. Each test works under a tenant of its own, so their sessions and quotas do not meet.
/// </summary>
public sealed class ScaleOutFixture : IAsyncLifetime
{
    /// <summary>Concurrent sessions per tenant, for every tenant of this fixture.</summary>
    public const int TenantQuota = 4;

    public TestSite Site { get; private set; } = null!;
    public GatewayFactory A { get; private set; } = null!;
    public GatewayFactory B { get; private set; } = null!;
    public GatewayFactory C { get; private set; } = null!;
    public GatewayFactory Router { get; private set; } = null!;

    private Dictionary<string, string?> _shared = null!;

    public async Task InitializeAsync()
    {
        Site = await TestSite.StartAsync();
        var servers = TestServers.Shared;
        _shared = new Dictionary<string, string?>
        {
            ["Ops:Database:Provider"] = "postgres",
            ["ConnectionStrings:OpsDb"] = servers.PostgresConnection(),
            ["ConnectionStrings:Redis"] = servers.RedisConnection(),
            ["Ops:Node:HeartbeatInterval"] = "00:00:00.500",
            ["Ops:Node:StaleAfter"] = "00:00:10",
            ["Ops:MaxConcurrentSessionsPerTenant"] = TenantQuota.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        // A first, alone: it creates the database and applies the migrations.
        A = Node("node-a");
        A.Start();
        B = Node("node-b");
        C = Node("node-c");
        Router = new GatewayFactory(new Dictionary<string, string?>(_shared) { ["Ops:Mode"] = "router" });
        await Task.WhenAll(Task.Run(B.Start), Task.Run(C.Start), Task.Run(Router.Start));
        // Each node's address is known once it listens; wait until all three heartbeat with one.
        await WaitUntilAsync(async () =>
        {
            await using var db = await DbAsync();
            return await db.Nodes.CountAsync(n => n.Address != "" && n.StoppedAt == null) == 3;
        }, "three live nodes with addresses");
    }

    /// <summary>A node on this fixture's database and Redis (not started).</summary>
    public GatewayFactory Node(string id) => new(new Dictionary<string, string?>(_shared) { ["Ops:Node:Id"] = id });

    public async Task<OpsDbContext> DbAsync() =>
        await A.Services.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync();

    /// <summary>A new tenant's key (keys live in the shared database: valid on every node).</summary>
    public Task<string> TenantAsync(string name) => A.CreateKeyAsync(name + "-" + Guid.NewGuid().ToString("N")[..6]);

    public HttpClient Client(GatewayFactory node, string key) => node.Client(key);

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        await Router.DisposeAsync();
        foreach (var node in new[] { A, B, C })
        {
            try
            {
                await node.DisposeAsync();
            }
            catch (ObjectDisposedException)
            {
                // C is stopped by its test.
            }
        }
        await Site.DisposeAsync();
    }
}

public sealed class ScaleOutTests(ScaleOutFixture fx) : IClassFixture<ScaleOutFixture>
{
    private static IReadOnlyList<string> LiveOn(GatewayFactory node, string tenant) =>
        node.Services.GetRequiredService<SessionService>().ListLive(tenant);

    private async Task<string> TenantOfKeyAsync(string key)
    {
        await using var db = await fx.DbAsync();
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
        return await db.ApiKeys.Where(k => k.KeyHash == hash).Select(k => k.TenantId).SingleAsync();
    }

    [Fact]
    public async Task Router_SpreadsCreatesOverNodes_AndSendsEachSessionsStepsToItsNode()
    {
        var key = await fx.TenantAsync("spread");
        var tenant = await TenantOfKeyAsync(key);
        using var router = fx.Client(fx.Router, key);
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await router.OpenSessionAsync(fx.Site.Url("/")));
        }
        var holders = new[] { ("node-a", fx.A), ("node-b", fx.B), ("node-c", fx.C) };
        await using (var db = await fx.DbAsync())
        {
            var nodes = await db.Sessions.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.NodeId);
            Assert.True(nodes.Values.Distinct().Count() >= 2, $"the router put all four sessions on one node: {string.Join(", ", nodes.Values)}");
            foreach (var id in ids)
            {
                // The node recorded for the session is the one whose browser holds it.
                var holder = holders.Single(h => h.Item1 == nodes[id]).Item2;
                Assert.Contains(id, LiveOn(holder, tenant));
            }
        }
        foreach (var id in ids)
        {
            var (status, body) = await router.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Next page\"" });
            Assert.True(status == 200, $"step of {id} through the router answered {status}: {body}");
            Assert.Equal(fx.Site.Url("/next"), body.Str("url"));
        }
        // browse with a session_id in the body reaches its node too.
        var (bs, bb) = await router.PostJsonAsync("/v1/web/browse", new { session_id = ids[0], cmd = "go to " + fx.Site.Url("/") });
        Assert.True(bs == 200, bb.ToString());
        // The live list is every node's.
        var (ls, list) = await router.GetJsonAsync("/v1/web/sessions");
        Assert.Equal(200, ls);
        Assert.Equal(ids.Order(), list.GetProperty("session_ids").EnumerateArray().Select(e => e.GetString()!).Order());
        foreach (var id in ids)
        {
            await router.DeleteJsonAsync($"/v1/web/session/{id}");
        }
    }

    [Fact]
    public async Task HubClientOnNodeA_ReceivesNodeBsEvents_InOrder_GapFreePerSession_AndReplaysThemOnAnyNode()
    {
        var key = await fx.TenantAsync("hub");
        var received = new ConcurrentQueue<OpsEvent>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(fx.A.BaseAddress, "hubs/ops"), o => o.Headers["X_MULTION_API_KEY"] = key)
            .Build();
        hub.On<OpsEvent>(HubSubscriptions.EventMethod, received.Enqueue);
        await hub.StartAsync();
        var sub = await hub.InvokeAsync<SubscriptionInfo>("SubscribeTenant", null, null);

        using var onB = fx.Client(fx.B, key);
        var id = await onB.OpenSessionAsync(fx.Site.Url("/"));
        for (var i = 0; i < 3; i++)
        {
            var (status, body) = await onB.PostJsonAsync($"/v1/web/session/{id}", new { cmd = i % 2 == 0 ? "click \"Next page\"" : "go to " + fx.Site.Url("/") });
            Assert.True(status == 200, body.ToString());
        }
        await onB.DeleteJsonAsync($"/v1/web/session/{id}");
        await ScaleOutFixture.WaitUntilAsync(() => Task.FromResult(received.Any(e => e.SessionId == id && e.Kind == OpsEventKinds.SessionEnded)), "session.ended on node A");

        var mine = received.Where(e => e.SessionId == id).ToList();
        Assert.All(mine, e => Assert.Equal("node-b", e.NodeId));
        Assert.Equal(OpsEventKinds.SessionOpened, mine[0].Kind);
        Assert.Equal(3, mine.Count(e => e.Kind == OpsEventKinds.StepFinished));
        // Global seq strictly increasing as delivered; the session's own numbers 1, 2, 3 … without a gap.
        Assert.Equal(mine.Select(e => e.Seq).Order(), mine.Select(e => e.Seq));
        Assert.Equal(Enumerable.Range(1, mine.Count).Select(n => (long?)n), mine.Select(e => e.SessionSeq));

        // Replay after the subscription's seq, asked of node B this time: the same events, same numbers.
        await using var other = new HubConnectionBuilder()
            .WithUrl(new Uri(fx.B.BaseAddress, "hubs/ops"), o => o.Headers["X_MULTION_API_KEY"] = key)
            .Build();
        await other.StartAsync();
        var replayed = new List<OpsEvent>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var e in other.StreamAsync<OpsEvent>("StreamSession", id, sub.LastSeq, cts.Token))
        {
            replayed.Add(e);
            if (e.Kind == OpsEventKinds.SessionEnded)
            {
                break;
            }
        }
        Assert.Equal(mine.Select(e => (e.Seq, e.SessionSeq, e.Kind)), replayed.Select(e => (e.Seq, e.SessionSeq, e.Kind)));
    }

    [Fact]
    public async Task DashboardOnNodeA_SendsAStepForASessionOnNodeB_ToNodeB()
    {
        var key = await fx.TenantAsync("dash");
        var tenant = await TenantOfKeyAsync(key);
        using var onB = fx.Client(fx.B, key);
        var id = await onB.OpenSessionAsync(fx.Site.Url("/"));
        Assert.DoesNotContain(id, LiveOn(fx.A, tenant));
        // What the session console on a circuit of node A calls.
        var dashboard = fx.A.Services.GetRequiredService<OpsDashboard.Web.Dashboard.IDashboardClient>();
        var outcome = await dashboard.StepAsync(tenant, id, "click \"Next page\"", null, CancellationToken.None);
        Assert.Equal("DONE", outcome.Status);
        Assert.Equal(fx.Site.Url("/next"), outcome.Url);
        await using (var db = await fx.DbAsync())
        {
            Assert.Equal(1, await db.Steps.CountAsync(s => s.SessionId == id && s.Kind == "step" && s.Status == "DONE"));
        }
        // A forged token is no key: the node answers 401.
        using var forged = new HttpClient { BaseAddress = fx.B.BaseAddress };
        forged.DefaultRequestHeaders.Add(OpsDashboard.Web.ScaleOut.NodeForwarding.HeaderName, "not-a-token");
        var (status, _) = await forged.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down" });
        Assert.Equal(401, status);
        await onB.DeleteJsonAsync($"/v1/web/session/{id}");
    }

    [Fact]
    public async Task TenantQuota_HoldsAcrossNodes()
    {
        var key = await fx.TenantAsync("quota");
        using var onA = fx.Client(fx.A, key);
        using var onB = fx.Client(fx.B, key);
        var ids = new List<string>();
        for (var i = 0; i < ScaleOutFixture.TenantQuota; i++)
        {
            ids.Add(await (i % 2 == 0 ? onA : onB).OpenSessionAsync(fx.Site.Url("/")));
        }
        // The tenant holds its quota spread over two nodes: neither node may open one more.
        foreach (var node in new[] { onA, onB })
        {
            var (status, body) = await node.PostJsonAsync("/v1/web/session", new { url = fx.Site.Url("/") });
            Assert.True(status == 402, $"a fifth session answered {status}: {body}");
            Assert.Contains($"at most {ScaleOutFixture.TenantQuota} concurrent sessions", body.Str("message"));
        }
        // Closing one on B frees a slot that A can take.
        var (closed, _) = await onB.DeleteJsonAsync($"/v1/web/session/{ids[1]}");
        Assert.Equal(200, closed);
        ids.Add(await onA.OpenSessionAsync(fx.Site.Url("/")));
        foreach (var id in ids.Where(i => i != ids[1]))
        {
            using var any = fx.Client(fx.Router, key);
            await any.DeleteJsonAsync($"/v1/web/session/{id}");
        }
    }

    [Fact]
    public async Task NodeStopped_ItsSessionsAnswerTheDocumented404_WhileTheOthersKeepServing()
    {
        var key = await fx.TenantAsync("kill");
        using var onC = fx.Client(fx.C, key);
        using var onA = fx.Client(fx.A, key);
        using var router = fx.Client(fx.Router, key);
        var doomed = await onC.OpenSessionAsync(fx.Site.Url("/"));
        var survivor = await onA.OpenSessionAsync(fx.Site.Url("/"));
        var (before, _) = await router.PostJsonAsync($"/v1/web/session/{doomed}", new { cmd = "click \"Next page\"" });
        Assert.Equal(200, before);

        await fx.C.DisposeAsync();

        var (status, body) = await router.PostJsonAsync($"/v1/web/session/{doomed}", new { cmd = "click \"Next page\"" });
        Assert.True(status == 404, $"a step for a session of the stopped node answered {status}: {body}");
        Assert.Contains("the node holding this session stopped at", body.Str("message"));
        Assert.Contains("node-c", body.Str("message"));
        var (ds, detail) = await router.GetJsonAsync($"/api/sessions/{doomed}");
        Assert.Equal(200, ds);
        Assert.Equal("failed", detail.Str("status"));
        // The other nodes keep serving: a step on A's session, and a new session.
        var (ok, okBody) = await router.PostJsonAsync($"/v1/web/session/{survivor}", new { cmd = "click \"Next page\"" });
        Assert.True(ok == 200, okBody.ToString());
        var fresh = await router.OpenSessionAsync(fx.Site.Url("/"));
        await using (var db = await fx.DbAsync())
        {
            Assert.NotEqual("node-c", await db.Sessions.Where(s => s.Id == fresh).Select(s => s.NodeId).SingleAsync());
        }
        await router.DeleteJsonAsync($"/v1/web/session/{survivor}");
        await router.DeleteJsonAsync($"/v1/web/session/{fresh}");
    }

    private static string? ServedBy(HttpResponseMessage response) =>
        response.Headers.TryGetValues(ScaleOutServices.NodeHeader, out var v) ? v.Single() : null;

    private static string? AffinityCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';')[0]).Where(c => c.StartsWith("opsdash_node=", StringComparison.Ordinal)).Select(c => c["opsdash_node=".Length..]).SingleOrDefault()
            : null;

    /// <summary>A call that names no session: the login page, or the hub's negotiate; the cookie as given (none when null).</summary>
    private async Task<HttpResponseMessage> NoSessionCallAsync(string key, string? cookie, bool negotiate)
    {
        using var request = negotiate
            ? new HttpRequestMessage(HttpMethod.Post, "/hubs/ops/negotiate?negotiateVersion=1")
            : new HttpRequestMessage(HttpMethod.Get, "/login");
        request.Headers.Add("X_MULTION_API_KEY", key);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", "opsdash_node=" + cookie);
        }
        // No cookie container: each call carries exactly the cookie the test gives it.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = fx.Router.BaseAddress };
        var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{request.Method} {request.RequestUri} through the router answered {(int)response.StatusCode}");
        return response;
    }

    [Fact]
    public async Task Router_SendsCallsWithoutASession_ToTheNodeItsCookieNames_SetsTheCookie_AndFallsBackToALiveNodeWhenThatNodeStops()
    {
        var key = await fx.TenantAsync("sticky");
        // A fourth node of this test's own: it is the one stopped, so A, B and C stay as the other tests expect them.
        var d = fx.Node("node-d");
        d.Start();
        try
        {
            await ScaleOutFixture.WaitUntilAsync(async () =>
            {
                await using var db = await fx.DbAsync();
                return await db.Nodes.AnyAsync(n => n.Id == "node-d" && n.Address != "" && n.StoppedAt == null);
            }, "node-d live with an address");
            // The router's own list (GET /router/nodes) sees it live.
            var (ns, nodes) = await fx.Client(fx.Router, key).GetJsonAsync("/router/nodes");
            Assert.True(ns == 200, $"GET /router/nodes answered {ns}: {nodes}");
            Assert.Contains(nodes.EnumerateArray(), n => n.Str("id") == "node-d" && n.GetProperty("isLive").GetBoolean());

            // No cookie: the router picks a live node, names it in the cookie, and that node answered.
            using (var first = await NoSessionCallAsync(key, cookie: null, negotiate: false))
            {
                var picked = AffinityCookie(first);
                Assert.NotNull(picked);
                Assert.Equal(picked, ServedBy(first));
            }
            // With a cookie: every such call goes to the node it names (four live nodes: chance would not keep it up).
            foreach (var node in new[] { "node-d", "node-a", "node-d" })
            {
                for (var i = 0; i < 4; i++)
                {
                    using var response = await NoSessionCallAsync(key, node, negotiate: i % 2 == 1);
                    Assert.Equal(node, ServedBy(response));
                    Assert.Equal(node, AffinityCookie(response));
                }
            }
        }
        finally
        {
            await d.DisposeAsync();
        }

        // node-d stopped: the same cookie now lands on a live node, and the cookie names that node from then on.
        for (var i = 0; i < 4; i++)
        {
            using var response = await NoSessionCallAsync(key, "node-d", negotiate: i % 2 == 1);
            var served = ServedBy(response);
            Assert.NotNull(served);
            Assert.NotEqual("node-d", served);
            Assert.Equal(served, AffinityCookie(response));
            using var again = await NoSessionCallAsync(key, served, negotiate: false);
            Assert.Equal(served, ServedBy(again));
        }
    }

    [Fact]
    public async Task RedisStopped_NodesKeepServingSteps_HistoryStaysComplete_EventsReachThePublishersClients_AndCrossNodeEventsFlowOnceItIsBack()
    {
        // Redis and the database of this test's own (the fixture's Redis stays up for the other tests): two nodes, P and Q.
        using var redis = new TestRedis();
        var settings = new Dictionary<string, string?>
        {
            ["Ops:Database:Provider"] = "postgres",
            ["ConnectionStrings:OpsDb"] = TestServers.Shared.PostgresConnection(),
            ["ConnectionStrings:Redis"] = redis.Connection(),
            ["Ops:Node:HeartbeatInterval"] = "00:00:00.500",
        };
        await using var p = new GatewayFactory(new Dictionary<string, string?>(settings) { ["Ops:Node:Id"] = "redis-p" });
        p.Start();
        await using var q = new GatewayFactory(new Dictionary<string, string?>(settings) { ["Ops:Node:Id"] = "redis-q" });
        q.Start();
        var key = await p.CreateKeyAsync("redis-" + Guid.NewGuid().ToString("N")[..6]);
        var onP = new ConcurrentQueue<OpsEvent>();
        var onQ = new ConcurrentQueue<OpsEvent>();
        await using var hubP = new HubConnectionBuilder().WithUrl(new Uri(p.BaseAddress, "hubs/ops"), o => o.Headers["X_MULTION_API_KEY"] = key).Build();
        await using var hubQ = new HubConnectionBuilder().WithUrl(new Uri(q.BaseAddress, "hubs/ops"), o => o.Headers["X_MULTION_API_KEY"] = key).Build();
        hubP.On<OpsEvent>(HubSubscriptions.EventMethod, onP.Enqueue);
        hubQ.On<OpsEvent>(HubSubscriptions.EventMethod, onQ.Enqueue);
        await hubP.StartAsync();
        await hubQ.StartAsync();
        await hubP.InvokeAsync<SubscriptionInfo>("SubscribeTenant", null, null);
        await hubQ.InvokeAsync<SubscriptionInfo>("SubscribeTenant", null, null);
        using var client = q.Client(key);
        var id = await client.OpenSessionAsync(fx.Site.Url("/"));
        int Finished(ConcurrentQueue<OpsEvent> events) => events.Count(e => e.SessionId == id && e.Kind == OpsEventKinds.StepFinished);
        async Task StepAsync(string cmd)
        {
            var sw = Stopwatch.StartNew();
            var (status, body) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd });
            Assert.True(status == 200, $"step '{cmd}' on Q answered {status}: {body}");
            // A step publishes several events: each waiting out a Redis timeout would show here.
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(8), $"step '{cmd}' took {sw.Elapsed.TotalSeconds:0.0} s with Redis {(redis.Running ? "up" : "down")}: {body}\n{q.Logs.Text}");
        }

        // Scrolls, not navigation: a step that loads a page can wait out Ops:ActionTimeout on a loaded machine, which is not what this test is about.
        await StepAsync("scroll down");
        await ScaleOutFixture.WaitUntilAsync(() => Task.FromResult(Finished(onP) == 1), "Q's first step on P's hub client", 30);

        redis.Stop();
        await StepAsync("scroll up");
        await StepAsync("scroll down");
        // Q's own client hears its steps; the history in the database has every step.
        await ScaleOutFixture.WaitUntilAsync(() => Task.FromResult(Finished(onQ) == 3), "Q's steps on Q's own hub client while Redis is down", 30);
        await using (var db = await q.Services.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(3, await db.Steps.CountAsync(s => s.SessionId == id && s.Kind == "step" && s.Status == "DONE"));
        }
        Assert.Equal(1, Finished(onP));

        redis.Start();
        await ScaleOutFixture.WaitUntilAsync(() => Task.FromResult(
            p.Services.GetRequiredService<IConnectionMultiplexer>().IsConnected && q.Services.GetRequiredService<IConnectionMultiplexer>().IsConnected),
            "both nodes reconnected to Redis", 30);
        // The first step after Redis is back reaches P's client, numbered by the shared stream, and Q's own client too.
        await StepAsync("scroll up");
        await ScaleOutFixture.WaitUntilAsync(() => Task.FromResult(Finished(onP) == 2 && Finished(onQ) == 4),
            $"the step after Redis came back on both hub clients (P has {Finished(onP)} of 2, Q {Finished(onQ)} of 4)", 30);
        var across = onP.Last(e => e.SessionId == id && e.Kind == OpsEventKinds.StepFinished);
        Assert.Equal("redis-q", across.NodeId);
        // Each client still sees seq only go up.
        Assert.Equal(onP.Select(e => e.Seq).Order(), onP.Select(e => e.Seq));
        Assert.Equal(onQ.Select(e => e.Seq).Order(), onQ.Select(e => e.Seq));
        await client.DeleteJsonAsync($"/v1/web/session/{id}");
    }

    [Fact]
    public async Task Router_DatabaseUnreachable_Answers503WithRetryAfter_NamingTheDatabase()
    {
        // A PostgreSQL of this test's own, stopped under a running router (the shared one stays up).
        using var pg = new TestPostgres();
        await using var router = new GatewayFactory(new Dictionary<string, string?>
        {
            ["Ops:Mode"] = "router",
            ["Ops:Database:Provider"] = "postgres",
            ["ConnectionStrings:OpsDb"] = pg.Connection(),
        });
        router.Start();
        using var client = router.Client();
        // Database up, no node: the router read the database and says no node is live.
        var (up, upBody) = await client.GetJsonAsync("/overview");
        Assert.Equal(503, up);
        Assert.Contains("No gateway node is live", upBody.Str("message"));

        pg.Stop();
        foreach (var (method, path) in new[] { ("GET", "/overview"), ("POST", "/v1/web/session"), ("POST", "/v1/web/session/sess_abc123"), ("GET", "/router/nodes") })
        {
            var sw = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST")
            {
                request.Content = System.Net.Http.Json.JsonContent.Create(new { url = fx.Site.Url("/"), cmd = "scroll down" });
            }
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == 503, $"{method} {path} with the database down answered {(int)response.StatusCode}: {text}");
            Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, $"{method} {path}: no Retry-After in seconds");
            var message = System.Text.Json.JsonDocument.Parse(text).RootElement.Str("message");
            Assert.Contains("PostgreSQL", message);
            Assert.Contains("cannot be reached", message);
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"{method} {path} took {sw.Elapsed.TotalSeconds:0.0} s to answer");
        }
    }
}
