using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Hubs;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests.Dashboard;

/// <summary>The <c>/hubs/ops</c> hub with a real SignalR client over real HTTP (WebSockets) on loopback.</summary>
public class OpsHubTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private async Task<HubConnection> ConnectAsync(string? key, ConcurrentQueue<OpsEvent> into)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Factory.BaseAddress, "hubs/ops"), o =>
            {
                if (key is not null)
                {
                    o.Headers["X_MULTION_API_KEY"] = key;
                }
            })
            .Build();
        connection.On<OpsEvent>(HubSubscriptions.EventMethod, into.Enqueue);
        await connection.StartAsync();
        return connection;
    }

    private Task<string> CreateSessionAsync(HttpClient client) => client.OpenSessionAsync(fixture.Site.Url("/"));

    private static async Task StepAsync(HttpClient client, string sessionId, string cmd)
    {
        var (status, body) = await client.PostJsonAsync($"/v1/web/session/{sessionId}", new { cmd });
        Assert.True(status == 200, body.ToString());
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out waiting for {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task TenantEvents_ArriveInOrder_AndAnotherTenantsNever()
    {
        var mine = new ConcurrentQueue<OpsEvent>();
        var theirs = new ConcurrentQueue<OpsEvent>();
        await using var a = await ConnectAsync(GatewayFactory.ApiKey, mine);
        await using var b = await ConnectAsync(fixture.OtherTenantKey, theirs);
        var subA = await a.InvokeAsync<SubscriptionInfo>("SubscribeTenant", null, null);
        await b.InvokeAsync<SubscriptionInfo>("SubscribeTenant", null, null);
        Assert.StartsWith("sub_", subA.SubscriptionId);

        using var client = fixture.Client();
        var id = await CreateSessionAsync(client);
        await StepAsync(client, id, "click \"Next page\"");
        await StepAsync(client, id, "scroll down");
        await client.DeleteAsync($"/v1/web/session/{id}");

        await WaitUntilAsync(() => mine.Any(e => e.SessionId == id && e.Kind == OpsEventKinds.SessionEnded), "the session's end");
        var events = mine.Where(e => e.SessionId == id).ToList();
        Assert.Equal(OpsEventKinds.SessionOpened, events[0].Kind);
        Assert.Equal(OpsEventKinds.SessionEnded, events[^1].Kind);
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Seq < p.Second.Seq), "seq strictly increasing: " + string.Join(",", events.Select(e => e.Seq)));
        Assert.Equal([1, 2], events.Where(e => e.Kind == OpsEventKinds.StepFinished).Select(e => e.StepSeq!.Value).ToArray());
        Assert.All(mine, e => Assert.Equal("default", e.TenantId));

        // The other tenant's subscription saw none of it; its own session's events do reach it.
        Assert.DoesNotContain(theirs, e => e.TenantId != "other-tenant");
        using var other = fixture.Client(fixture.OtherTenantKey);
        var otherId = await CreateSessionAsync(other);
        await WaitUntilAsync(() => theirs.Any(e => e.SessionId == otherId && e.Kind == OpsEventKinds.SessionUpdated), "the other tenant's own event");
        Assert.DoesNotContain(mine, e => e.SessionId == otherId);
        await other.DeleteAsync($"/v1/web/session/{otherId}");
    }

    [Fact]
    public async Task Reconnect_WithTheLastSeq_ReceivesWhatWasMissed_InOrder_WithoutDuplicates()
    {
        using var client = fixture.Client();
        var id = await CreateSessionAsync(client);

        var first = new ConcurrentQueue<OpsEvent>();
        var connection = await ConnectAsync(GatewayFactory.ApiKey, first);
        await connection.InvokeAsync<SubscriptionInfo>("SubscribeSession", id, null);
        await StepAsync(client, id, "click \"Next page\"");
        await WaitUntilAsync(() => first.Any(e => e.Kind == OpsEventKinds.StepFinished), "the first step");
        var lastSeen = first.Max(e => e.Seq);
        await connection.DisposeAsync();

        // Missed while disconnected.
        await StepAsync(client, id, "scroll down");
        await StepAsync(client, id, "scroll up");

        var second = new ConcurrentQueue<OpsEvent>();
        await using var again = await ConnectAsync(GatewayFactory.ApiKey, second);
        await again.InvokeAsync<SubscriptionInfo>("SubscribeSession", id, lastSeen);
        await StepAsync(client, id, "scroll down");
        await WaitUntilAsync(() => second.Count(e => e.Kind == OpsEventKinds.StepFinished) == 3, "the missed steps and the live one");

        var events = second.ToList();
        Assert.All(events, e => Assert.True(e.Seq > lastSeen));
        Assert.Equal(events.Count, events.Select(e => e.Seq).Distinct().Count());
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.Seq < p.Second.Seq));
        Assert.Equal([2, 3, 4], events.Where(e => e.Kind == OpsEventKinds.StepFinished).Select(e => e.StepSeq!.Value).ToArray());
        Assert.All(events, e => Assert.Equal(id, e.SessionId));
        await client.DeleteAsync($"/v1/web/session/{id}");
    }

    [Fact]
    public async Task StreamSession_ReplaysThenGoesLive()
    {
        using var client = fixture.Client();
        var id = await CreateSessionAsync(client);
        await using var connection = await ConnectAsync(GatewayFactory.ApiKey, new ConcurrentQueue<OpsEvent>());
        using var cts = new CancellationTokenSource(Wait);
        var stream = connection.StreamAsync<OpsEvent>("StreamSession", id, 0L, cts.Token);
        var got = new List<OpsEvent>();
        var stepped = false;
        await foreach (var e in stream)
        {
            got.Add(e);
            if (!stepped && e.Kind == OpsEventKinds.SessionUpdated)
            {
                stepped = true;
                _ = StepAsync(client, id, "scroll down");
            }
            if (e.Kind == OpsEventKinds.StepFinished)
            {
                break;
            }
        }
        Assert.Equal(OpsEventKinds.SessionOpened, got[0].Kind);
        Assert.True(got.Zip(got.Skip(1)).All(p => p.First.Seq < p.Second.Seq));
        await client.DeleteAsync($"/v1/web/session/{id}");
    }

    [Fact]
    public async Task WithoutAKey_TheHubAnswers401()
    {
        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(fixture.Factory.BaseAddress, "hubs/ops")).Build();
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);

        using var http = fixture.Client(key: null);
        using var negotiate = await http.PostAsync("/hubs/ops/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, negotiate.StatusCode);
        using var wrong = await http.PostAsync("/hubs/ops/negotiate?negotiateVersion=1&access_token=ops_wrong", null);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task AccessTokenQuery_Works_AndAnotherTenantsSessionIsRefused()
    {
        using var client = fixture.Client();
        var id = await CreateSessionAsync(client);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(fixture.Factory.BaseAddress, "hubs/ops"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(fixture.OtherTenantKey))
            .Build();
        await connection.StartAsync();
        var ex = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<SubscriptionInfo>("SubscribeSession", id, null));
        Assert.Contains("No session", ex.Message);
        var ex2 = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<SubscriptionInfo>("SubscribeTenant", "default", null));
        Assert.Contains("cannot subscribe to tenant 'default'", ex2.Message);
        await client.DeleteAsync($"/v1/web/session/{id}");
    }
}

/// <summary>The CSV download of a stored retrieve: an operator or the owning tenant's key, nobody else.</summary>
public class RetrievalCsvEndpointTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Csv_ForTheOwnersKey_NotForOthers()
    {
        using var client = fixture.Client();
        var (status, created) = await client.PostJsonAsync("/v1/web/session",
            new { url = new Uri(fixture.Factory.BaseAddress, "practice/catalog/category.html?c=men-jeans").ToString() });
        Assert.Equal(200, status);
        var id = created.Str("session_id");
        var schema = JsonDocument.Parse("""{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"price":{"type":"number"}},"required":["name"]}}""").RootElement;
        var (rs, retrieved) = await client.PostJsonAsync("/v1/web/retrieve", new { cmd = "products", session_id = id, schema, render_js = true, max_items = 5 });
        Assert.True(rs == 200, retrieved.ToString());
        var retrievalId = await LatestRetrievalIdAsync(id);

        using var csv = await client.GetAsync($"/api/sessions/{id}/retrievals/{retrievalId}.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"{id}-retrieve-{retrievalId}.csv", csv.Content.Headers.ContentDisposition!.ToString());
        var text = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("name,price", lines[0]);
        Assert.Equal(5, lines.Length - 1);

        using var other = fixture.Client(fixture.OtherTenantKey);
        using var forbidden = await other.GetAsync($"/api/sessions/{id}/retrievals/{retrievalId}.csv");
        Assert.Equal(HttpStatusCode.NotFound, forbidden.StatusCode);
        using var anonymous = fixture.Client(key: null);
        using var unauthorized = await anonymous.GetAsync($"/api/sessions/{id}/retrievals/{retrievalId}.csv");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        await client.DeleteAsync($"/v1/web/session/{id}");
    }

    private async Task<long> LatestRetrievalIdAsync(string sessionId)
    {
        using var client = fixture.Client();
        var (status, body) = await client.GetJsonAsync($"/api/sessions/{sessionId}/retrievals");
        Assert.Equal(200, status);
        return body.EnumerateArray().Last().GetProperty("id").GetInt64();
    }
}
