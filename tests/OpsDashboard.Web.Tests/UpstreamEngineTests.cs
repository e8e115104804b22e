using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Tests.Infrastructure;
using OpsDashboard.Web.Upstream;

namespace OpsDashboard.Web.Tests;

/// <summary>
/// The gateway in front of a hosted MultiOn-compatible service (the fake upstream): tenant "default"
/// runs on upstream "hosted" (Ops:DefaultEngine), tenant "breaker" on upstream "flaky" whose circuit
/// opens after two failures (Ops:TenantEngines:breaker), tenant "local-tenant" on the local Chromium.
/// </summary>
public sealed class UpstreamFixture : IAsyncLifetime
{
    public FakeUpstream Upstream { get; private set; } = null!;
    public FakeUpstream Flaky { get; private set; } = null!;
    /// <summary>Upstream "edge" (tenant "edge"), whose circuit the real-browser overview check walks through its states.</summary>
    public FakeUpstream Edge { get; private set; } = null!;
    public string EdgeKey { get; private set; } = null!;
    public GatewayFactory Factory { get; private set; } = null!;
    public TestSite Site { get; private set; } = null!;
    public string OtherTenantKey { get; private set; } = null!;
    public string BreakerKey { get; private set; } = null!;
    public string LocalKey { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        Flaky = await FakeUpstream.StartAsync();
        Edge = await FakeUpstream.StartAsync();
        Site = await TestSite.StartAsync();
        Factory = new GatewayFactory(new()
        {
            ["Ops:DefaultEngine"] = "upstream:hosted",
            ["Ops:TenantEngines:breaker"] = "upstream:flaky",
            ["Ops:TenantEngines:local-tenant"] = "local",
            ["Ops:Upstreams:hosted:BaseUrl"] = Upstream.BaseUrl,
            ["Ops:Upstreams:hosted:ApiKey"] = FakeUpstream.Key,
            ["Ops:Upstreams:hosted:AttemptTimeoutSeconds"] = "3",
            ["Ops:Upstreams:hosted:TimeoutSeconds"] = "30",
            ["Ops:Upstreams:hosted:RetryDelayMilliseconds"] = "50",
            // This upstream's scripted failures must not trip its circuit: only "flaky" tests the breaker.
            ["Ops:Upstreams:hosted:CircuitMinimumThroughput"] = "10000",
            ["Ops:Upstreams:flaky:BaseUrl"] = Flaky.BaseUrl,
            ["Ops:Upstreams:flaky:ApiKey"] = FakeUpstream.Key,
            ["Ops:Upstreams:flaky:MaxRetries"] = "0",
            ["Ops:Upstreams:flaky:CircuitMinimumThroughput"] = "3",
            ["Ops:Upstreams:flaky:CircuitFailureRatio"] = "0.6",
            ["Ops:Upstreams:flaky:CircuitSamplingSeconds"] = "60",
            ["Ops:Upstreams:flaky:CircuitBreakSeconds"] = "3",
            ["Ops:TenantEngines:edge"] = "upstream:edge",
            ["Ops:Upstreams:edge:BaseUrl"] = Edge.BaseUrl,
            ["Ops:Upstreams:edge:ApiKey"] = FakeUpstream.Key,
            ["Ops:Upstreams:edge:MaxRetries"] = "0",
            ["Ops:Upstreams:edge:AttemptTimeoutSeconds"] = "20",
            ["Ops:Upstreams:edge:CircuitMinimumThroughput"] = "3",
            ["Ops:Upstreams:edge:CircuitFailureRatio"] = "0.6",
            ["Ops:Upstreams:edge:CircuitSamplingSeconds"] = "120",
            // Long enough for the overview (refreshed every 5 s) to show "open" before the probe is allowed.
            ["Ops:Upstreams:edge:CircuitBreakSeconds"] = "12",
            ["Dashboard:LoginToken"] = Dashboard.DashboardFixture.LoginToken,
        });
        Factory.Start();
        OtherTenantKey = await Factory.CreateKeyAsync("other-tenant");
        BreakerKey = await Factory.CreateKeyAsync("breaker");
        LocalKey = await Factory.CreateKeyAsync("local-tenant");
        EdgeKey = await Factory.CreateKeyAsync("edge");
    }

    public HttpClient Client(string? key = GatewayFactory.ApiKey) => Factory.Client(key);

    public async Task<List<UpstreamAttemptRecord>> AttemptsAsync(string sessionId)
    {
        await using var db = await Factory.Services.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync();
        return await db.UpstreamAttempts.AsNoTracking().Where(a => a.SessionId == sessionId).OrderBy(a => a.Id).ToListAsync();
    }

    public async Task<List<StepRecord>> StepsAsync(string sessionId)
    {
        await using var db = await Factory.Services.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync();
        return await db.Steps.AsNoTracking().Where(s => s.SessionId == sessionId).OrderBy(s => s.Seq).ToListAsync();
    }

    public async Task<SessionRecord> SessionAsync(string sessionId)
    {
        await using var db = await Factory.Services.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync();
        return await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == sessionId);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Upstream.DisposeAsync();
        await Flaky.DisposeAsync();
        await Edge.DisposeAsync();
        await Site.DisposeAsync();
    }
}

[CollectionDefinition("upstream")]
public sealed class UpstreamCollection : ICollectionFixture<UpstreamFixture>;

[Collection("upstream")]
public sealed class UpstreamEngineTests(UpstreamFixture fx)
{
    private const string PageUrl = "http://127.0.0.1:9/start";

    private static string UniqueCmd(string what) => $"{what} #{Guid.NewGuid():N}";

    private async Task<string> OpenAsync(HttpClient client)
    {
        var (status, body) = await client.PostJsonAsync("/v1/web/session", new { url = PageUrl });
        Assert.True(status == 200, $"create answered {status}: {body}");
        return body.Str("session_id");
    }

    [Fact]
    public async Task RetrieveDetect_OnAnUpstreamSession_Is400_SayingWhyAndWhatToDoInstead()
    {
        using var client = fx.Client();
        var id = await OpenAsync(client);
        var sessions = fx.Factory.Services.GetRequiredService<OpsDashboard.Web.Sessions.RetrieveService>();

        var p = await Assert.ThrowsAsync<OpsDashboard.Web.Sessions.ApiProblem>(() => sessions.DetectSchemaAsync("default", id, false, CancellationToken.None));

        Assert.Equal(400, p.StatusCode);
        Assert.Contains($"session {id} runs on an upstream service", p.Message);
        Assert.Contains("Write the schema by hand or start from a template", p.Message);
    }

    [Fact]
    public async Task Lifecycle_IsForwardedWithTheUpstreamsKey_AndRecordedLikeALocalSession()
    {
        using var client = fx.Client();
        var keysBefore = fx.Upstream.KeysSeen.Count;
        var (cs, created) = await client.PostJsonAsync("/v1/web/session", new { url = PageUrl, include_screenshot = true });
        Assert.Equal(200, cs);
        var id = created.Str("session_id");
        Assert.Matches("^sess_[0-9a-f]{32}$", id);
        Assert.Equal(PageUrl, created.Str("url"));
        Assert.StartsWith("http", created.Str("screenshot"));

        var cmd = UniqueCmd("Click the first link");
        var (ss, step) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd, include_screenshot = true });
        Assert.Equal(200, ss);
        Assert.Equal("DONE", step.Str("status"));
        Assert.Equal($"Upstream did: {cmd}", step.Str("message"));
        Assert.Equal(id, step.Str("session_id"));
        // The screenshot came from the upstream and is served by us, like ours.
        using (var png = await client.GetAsync(step.Str("screenshot")))
        {
            Assert.Equal(HttpStatusCode.OK, png.StatusCode);
            Assert.Equal(FakeUpstream.Png, await png.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(1, fx.Upstream.CmdCalls(cmd));

        var (ds, detail) = await client.GetJsonAsync($"/api/sessions/{id}");
        Assert.Equal(200, ds);
        Assert.Equal("upstream:hosted", detail.Str("engine"));
        var (ls, listed) = await client.GetJsonAsync("/api/sessions?engine=upstream:hosted");
        Assert.Equal(200, ls);
        Assert.Contains(listed.EnumerateArray(), s => s.Str("session_id") == id);

        var (xs, closed) = await client.DeleteJsonAsync($"/v1/web/session/{id}");
        Assert.Equal(200, xs);
        Assert.Equal("closed", closed.Str("status"));

        // Only the upstream's own key ever reached it, never the caller's.
        Assert.All(fx.Upstream.KeysSeen.Skip(keysBefore), k => Assert.Equal(FakeUpstream.Key, k));
        var steps = await fx.StepsAsync(id);
        Assert.Equal(["create", "step"], steps.Select(s => s.Kind));
        Assert.Equal("DONE", steps[1].Status);
        Assert.Equal(cmd, steps[1].Cmd);
        Assert.NotNull(steps[1].ScreenshotId);
        Assert.NotNull(steps[1].DurationMs);
        var attempts = await fx.AttemptsAsync(id);
        Assert.Equal(["create", "screenshot", "step", "screenshot", "close"], attempts.Select(a => a.Operation));
        Assert.All(attempts, a => Assert.Equal(200, a.StatusCode));
        Assert.All(attempts, a => Assert.Equal(0, a.Attempt));
        Assert.Equal("closed", (await fx.SessionAsync(id)).Status);
    }

    [Fact]
    public async Task Billing402_ReachesTheCallerVerbatim_IsNotRetried_AndIsRecordedAsABillingError()
    {
        using var client = fx.Client();
        var id = await OpenAsync(client);
        var cmd = UniqueCmd("Buy");
        fx.Upstream.Script(FakeUpstream.Step, FakeUpstream.Billing);
        using var response = await client.PostAsync($"/v1/web/session/{id}", Json(new { cmd }));
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal(((FakeUpstream.Status)FakeUpstream.Billing).Body, await response.Content.ReadAsStringAsync());
        Assert.Equal(1, fx.Upstream.CmdCalls(cmd));

        var step = (await fx.StepsAsync(id)).Last();
        Assert.Equal("ERROR", step.Status);
        Assert.StartsWith("Billing error from upstream 'hosted' (402 Payment Required): Your MultiOn credits are exhausted", step.Error);
        var session = await fx.SessionAsync(id);
        Assert.Equal("idle", session.Status);
        Assert.StartsWith("Billing error from upstream 'hosted'", session.LastError);
        var attempts = (await fx.AttemptsAsync(id)).Where(a => a.Operation == "step").ToList();
        Assert.Single(attempts);
        Assert.Equal(402, attempts[0].StatusCode);
        var health = fx.Factory.Services.GetRequiredService<UpstreamHealth>().Of("hosted")!;
        Assert.StartsWith("Billing error from upstream 'hosted'", health.LastBillingError);

        // The session lives on: the next cmd runs.
        var (next, _) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = UniqueCmd("Retry later") });
        Assert.Equal(200, next);
    }

    [Fact]
    public async Task SessionNotFoundUpstream_EndsOurRecordExpired_WithTheReason()
    {
        using var client = fx.Client();
        var id = await OpenAsync(client);
        fx.Upstream.Script(FakeUpstream.Step, FakeUpstream.SessionNotFound);
        var (status, body) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = UniqueCmd("Read") });
        Assert.Equal(404, status);
        Assert.Contains("expired at the upstream", body.Str("message"));
        Assert.Contains("Session not found", body.Str("message"));
        var session = await fx.SessionAsync(id);
        Assert.Equal("expired", session.Status);
        Assert.Contains("upstream 'hosted' no longer has its session", session.EndReason);
        Assert.Equal("ERROR", (await fx.StepsAsync(id)).Last().Status);
        var (again, _) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "anything" });
        Assert.Equal(404, again);
    }

    [Fact]
    public async Task RateLimited429_WithRetryAfter_IsRetriedOnce_AndTheCmdRunsOnce()
    {
        using var client = fx.Client();
        var id = await OpenAsync(client);
        var cmd = UniqueCmd("Search");
        fx.Upstream.Script(FakeUpstream.Step, FakeUpstream.RateLimited(1));
        var (status, body) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd });
        Assert.Equal(200, status);
        Assert.Equal($"Upstream did: {cmd}", body.Str("message"));
        var attempts = (await fx.AttemptsAsync(id)).Where(a => a.Operation == "step").ToList();
        Assert.Equal([429, 200], attempts.Select(a => a.StatusCode));
        Assert.Equal([0, 1], attempts.Select(a => a.Attempt));
        Assert.Equal(1, attempts[0].RetryAfterSeconds);
        Assert.Equal(1, (await fx.StepsAsync(id)).Count(s => s.Kind == "step"));
    }

    [Fact]
    public async Task ServerError500_OnAStep_Is502NamingTheUpstream_AndNeverSentTwice()
    {
        using var client = fx.Client();
        var id = await OpenAsync(client);
        var cmd = UniqueCmd("Submit the order");
        fx.Upstream.Script(FakeUpstream.Step, FakeUpstream.ServerError);
        var (status, body) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd });
        Assert.Equal(502, status);
        Assert.Equal("Bad Gateway", body.Str("error"));
        Assert.Contains("Upstream 'hosted' failed the step with 500", body.Str("message"));
        Assert.Contains("upstream exploded", body.Str("message"));
        Assert.Equal(1, fx.Upstream.CmdCalls(cmd));
        Assert.Single(await fx.AttemptsAsync(id), a => a.Operation == "step");
        var step = (await fx.StepsAsync(id)).Last();
        Assert.Equal("ERROR", step.Status);
        Assert.Contains("upstream exploded", step.Error);
        Assert.Contains("upstream exploded", (await fx.SessionAsync(id)).LastError);
    }

    [Fact]
    public async Task Unavailable503_WithoutRetryAfter_IsNotRetriedForAStep_WithRetryAfterItIs()
    {
        using var client = fx.Client();
        var id = await OpenAsync(client);
        var first = UniqueCmd("Open settings");
        fx.Upstream.Script(FakeUpstream.Step, FakeUpstream.Unavailable());
        using (var response = await client.PostAsync($"/v1/web/session/{id}", Json(new { cmd = first })))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("Upstream 'hosted' is unavailable (503: upstream overloaded; 1 attempt)", await MessageAsync(response));
            Assert.NotNull(response.Headers.RetryAfter);
        }
        Assert.Equal(1, fx.Upstream.CmdCalls(first));

        var second = UniqueCmd("Open settings again");
        fx.Upstream.Script(FakeUpstream.Step, FakeUpstream.Unavailable(1));
        var (status, _) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = second });
        Assert.Equal(200, status);
        Assert.Equal([503, 200], (await fx.AttemptsAsync(id)).Where(a => a.Operation == "step").TakeLast(2).Select(a => a.StatusCode));
    }

    [Fact]
    public async Task HtmlErrorPage_Is502SayingWhatCame_AndTheRawBodyIsRecorded()
    {
        using var client = fx.Client();
        var id = await OpenAsync(client);
        var cmd = UniqueCmd("Checkout");
        fx.Upstream.Script(FakeUpstream.Step, new FakeUpstream.Html(502));
        var (status, body) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd });
        Assert.Equal(502, status);
        Assert.Contains("Upstream 'hosted'", body.Str("message"));
        Assert.Contains("text/html page: \"502 Bad Gateway\"", body.Str("message"));
        Assert.Equal(1, fx.Upstream.CmdCalls(cmd));
        var attempt = (await fx.AttemptsAsync(id)).Last(a => a.Operation == "step");
        Assert.Equal(502, attempt.StatusCode);
        Assert.Contains("<center>nginx</center>", attempt.RawBody);
        Assert.Contains("502 Bad Gateway", (await fx.StepsAsync(id)).Last().Error);
    }

    [Fact]
    public async Task TruncatedJson_Is502_RecordedOnStepSessionAndAttempt()
    {
        using var client = fx.Client();
        var id = await OpenAsync(client);
        var cmd = UniqueCmd("Read the price");
        fx.Upstream.Script(FakeUpstream.Step, new FakeUpstream.TruncatedJson());
        var (status, body) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd });
        Assert.Equal(502, status);
        Assert.Contains("Upstream 'hosted' answered 200 with truncated or malformed JSON", body.Str("message"));
        Assert.Equal(1, fx.Upstream.CmdCalls(cmd));
        var attempt = (await fx.AttemptsAsync(id)).Last(a => a.Operation == "step");
        Assert.Equal("bad_answer", attempt.Outcome);
        Assert.Equal("""{"status":"DONE","message":"Opened the pa""", attempt.RawBody);
        Assert.Contains("truncated or malformed JSON", (await fx.StepsAsync(id)).Last().Error);
        Assert.Contains("truncated or malformed JSON", (await fx.SessionAsync(id)).LastError);
    }

    [Fact]
    public async Task CreateAnswered200WithoutSessionId_Is502_AndTheSessionIsRecordedFailed()
    {
        using var client = fx.Client();
        fx.Upstream.Script(FakeUpstream.Create, new FakeUpstream.NoSessionId());
        var before = fx.Upstream.Calls(FakeUpstream.Create);
        var (status, body) = await client.PostJsonAsync("/v1/web/session", new { url = PageUrl });
        Assert.Equal(502, status);
        Assert.Contains("Upstream 'hosted' answered 200 without a session_id", body.Str("message"));
        Assert.Equal(before + 1, fx.Upstream.Calls(FakeUpstream.Create));
        await using var db = await fx.Factory.Services.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync();
        var session = await db.Sessions.AsNoTracking().Where(s => s.TenantId == "default").OrderByDescending(s => s.CreatedAt).FirstAsync();
        Assert.Equal("failed", session.Status);
        Assert.Contains("without a session_id", session.EndReason);
        var step = await db.Steps.AsNoTracking().SingleAsync(s => s.SessionId == session.Id);
        Assert.Equal("ERROR", step.Status);
    }

    [Fact]
    public async Task HangingUpstream_Is504AfterTheAttemptTimeout_AndTheCmdIsNotSentAgain()
    {
        using var client = fx.Client();
        var id = await OpenAsync(client);
        var cmd = UniqueCmd("Wait for it");
        fx.Upstream.Script(FakeUpstream.Step, new FakeUpstream.Hang());
        var (status, body) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd });
        Assert.Equal(504, status);
        Assert.Contains("Upstream 'hosted' did not answer the step within 3 s (1 attempt)", body.Str("message"));
        Assert.Contains("It was not sent again", body.Str("message"));
        Assert.Equal(1, fx.Upstream.CmdCalls(cmd));
        var attempt = (await fx.AttemptsAsync(id)).Last(a => a.Operation == "step");
        Assert.Equal("timed_out", attempt.Outcome);
        Assert.Null(attempt.StatusCode);
        Assert.Equal("ERROR", (await fx.StepsAsync(id)).Last().Status);
    }

    [Fact]
    public async Task ScreenshotGet_IsRetriedOn503_BecauseAGetIsSafeToRepeat()
    {
        using var client = fx.Client();
        var id = await OpenAsync(client);
        fx.Upstream.Script(FakeUpstream.Screenshot, FakeUpstream.Unavailable(), new FakeUpstream.Html(502));
        var (status, body) = await client.GetJsonAsync($"/v1/web/screenshot/{id}");
        Assert.Equal(200, status);
        Assert.StartsWith("http", body.Str("screenshot"));
        var shots = (await fx.AttemptsAsync(id)).Where(a => a.Operation == "screenshot").ToList();
        Assert.Equal([503, 502, 200], shots.Select(a => a.StatusCode));
        Assert.Equal([0, 1, 2], shots.Select(a => a.Attempt));
    }

    [Fact]
    public async Task StreamedStep_RelaysTheUpstreamsEventsInTheSameFormat_AndRecordsThem()
    {
        using var client = fx.Client();
        var id = await OpenAsync(client);
        var cmd = UniqueCmd("Stream it");
        var events = await StreamAsync(client, id, cmd);
        Assert.Equal("data: [DONE]", events[^1]);
        var json = events.SkipLast(1).Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.Equal(["event", "event", "final_event"], json.Select(j => j.Str("type")));
        Assert.Equal($"Upstream is working on: {cmd}", json[0].GetProperty("data").GetProperty("delta").Str("content"));
        Assert.Equal("Upstream clicked a link.", json[1].GetProperty("data").GetProperty("delta").Str("content"));
        Assert.Equal("DONE", json[2].GetProperty("data").GetProperty("delta").Str("status"));
        Assert.All(json, j => Assert.Equal(id, j.Str("session_id")));
        Assert.Equal(1, fx.Upstream.CmdCalls(cmd));
        var step = (await fx.StepsAsync(id)).Last();
        Assert.Equal("DONE", step.Status);
        Assert.Equal($"Upstream did: {cmd}", step.Message);
        Assert.Contains(await fx.AttemptsAsync(id), a => a.Operation == "step (stream)" && a.Outcome == "ok" && a.Error == "3 event(s) relayed");
    }

    [Fact]
    public async Task DroppedStream_EndsTheStreamWithAFinalEventSayingSo_AndTheStepIsRecorded()
    {
        using var client = fx.Client();
        var id = await OpenAsync(client);
        var cmd = UniqueCmd("Stream and drop");
        fx.Upstream.Script(FakeUpstream.Step, new FakeUpstream.DropStream());
        var events = await StreamAsync(client, id, cmd);
        Assert.Equal("data: [DONE]", events[^1]);
        var final = JsonDocument.Parse(events[^2]["data: ".Length..]).RootElement;
        Assert.Equal("final_event", final.Str("type"));
        Assert.Contains("Upstream 'hosted' dropped the stream after 1 event(s)", final.GetProperty("data").GetProperty("delta").Str("content"));
        Assert.Equal(1, fx.Upstream.CmdCalls(cmd));
        var step = (await fx.StepsAsync(id)).Last();
        Assert.Equal("ERROR", step.Status);
        Assert.Contains("dropped the stream", step.Error);
        Assert.Contains(await fx.AttemptsAsync(id), a => a.Operation == "step (stream)" && a.Outcome == "stream_failed");
    }

    [Fact]
    public async Task SilentStream_Is504MidStream_AndTheStepIsRecorded()
    {
        using var client = fx.Client();
        var id = await OpenAsync(client);
        var cmd = UniqueCmd("Stream and stall");
        fx.Upstream.Script(FakeUpstream.Step, new FakeUpstream.HangStream());
        var events = await StreamAsync(client, id, cmd);
        var final = JsonDocument.Parse(events[^2]["data: ".Length..]).RootElement;
        Assert.Contains("went silent mid-stream after 1 event(s)", final.GetProperty("data").GetProperty("delta").Str("content"));
        var step = (await fx.StepsAsync(id)).Last();
        Assert.Equal("ERROR", step.Status);
        Assert.Contains("(504)", step.Error);
    }

    [Fact]
    public async Task Retrieve_IsForwarded_AndStoredLikeALocalRetrieve()
    {
        using var client = fx.Client();
        var id = await OpenAsync(client);
        var cmd = UniqueCmd("List the links");
        var (status, body) = await client.PostJsonAsync("/v1/web/retrieve", new { cmd, session_id = id, fields = new[] { "title", "url" } });
        Assert.Equal(200, status);
        Assert.Equal(id, body.Str("session_id"));
        Assert.Equal(["First link", "Second link"], body.GetProperty("data").EnumerateArray().Select(r => r.Str("title")));
        Assert.Equal(1, fx.Upstream.CmdCalls(cmd));
        await using var db = await fx.Factory.Services.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync();
        var stored = await db.Retrievals.AsNoTracking().SingleAsync(r => r.SessionId == id);
        Assert.Equal(2, stored.RowCount);
        Assert.Contains(await fx.AttemptsAsync(id), a => a.Operation == "retrieve" && a.StatusCode == 200);
    }

    /// <summary>The hosted API has no max_pages: an upstream session's retrieve reads one page and says so, never silently.</summary>
    [Fact]
    public async Task Retrieve_WithMaxPages_OnAnUpstreamSession_SaysItReadOnePage()
    {
        using var client = fx.Client();
        var id = await OpenAsync(client);
        var cmd = UniqueCmd("List the links");
        var (status, body) = await client.PostJsonAsync("/v1/web/retrieve", new { cmd, session_id = id, fields = new[] { "title", "url" }, max_pages = 3 });
        Assert.Equal(200, status);
        Assert.Equal(2, body.GetProperty("data").GetArrayLength());
        Assert.Contains("max_pages 3 is not followed on a session that runs on an upstream service", body.Str("message"));
        Assert.Equal(1, fx.Upstream.CmdCalls(cmd));
    }

    [Fact]
    public async Task RetrieveBilling402_ReachesTheCallerVerbatim()
    {
        using var client = fx.Client();
        var id = await OpenAsync(client);
        fx.Upstream.Script(FakeUpstream.Retrieve, FakeUpstream.Billing);
        using var response = await client.PostAsync("/v1/web/retrieve", Json(new { cmd = UniqueCmd("Read"), session_id = id }));
        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Equal(((FakeUpstream.Status)FakeUpstream.Billing).Body, await response.Content.ReadAsStringAsync());
        Assert.StartsWith("Billing error", (await fx.SessionAsync(id)).LastError);
    }

    [Fact]
    public async Task TenantEngines_SendsATenantToItsOwnEngine()
    {
        using var client = fx.Client(fx.LocalKey);
        var (status, body) = await client.PostJsonAsync("/v1/web/session", new { url = fx.Site.Url("/") });
        Assert.Equal(200, status);
        var id = body.Str("session_id");
        Assert.Equal("local", (await fx.SessionAsync(id)).Engine);
        Assert.Empty(await fx.AttemptsAsync(id));
        await client.DeleteJsonAsync($"/v1/web/session/{id}");
    }

    [Fact]
    public async Task CircuitBreaker_OpensAfterTheConfiguredFailures_Answers503WhileOpen_AndClosesAfterAProbe()
    {
        using var client = fx.Client(fx.BreakerKey);
        var health = fx.Factory.Services.GetRequiredService<UpstreamHealth>();
        var (cs, created) = await client.PostJsonAsync("/v1/web/session", new { url = PageUrl });
        Assert.Equal(200, cs);
        var id = created.Str("session_id");
        Assert.Equal(CircuitState.Closed, health.Of("flaky")!.Circuit);

        fx.Flaky.Script(FakeUpstream.Step, FakeUpstream.ServerError, FakeUpstream.ServerError);
        Assert.Equal(502, (await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = UniqueCmd("fail one") })).Status);
        Assert.Equal(502, (await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = UniqueCmd("fail two") })).Status);
        var open = health.Of("flaky")!;
        Assert.Equal(CircuitState.Open, open.Circuit);
        Assert.Contains("500", open.LastFailure);

        var stepsBefore = fx.Flaky.Calls(FakeUpstream.Step);
        var blockedCmd = UniqueCmd("blocked");
        using (var response = await client.PostAsync($"/v1/web/session/{id}", Json(new { cmd = blockedCmd })))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter?.Delta);
            Assert.Contains("Upstream 'flaky' is not taking calls: its circuit breaker opened", await MessageAsync(response));
        }
        Assert.Equal(stepsBefore, fx.Flaky.Calls(FakeUpstream.Step));
        Assert.Equal(0, fx.Flaky.CmdCalls(blockedCmd));
        Assert.Contains(await fx.AttemptsAsync(id), a => a.Outcome == "circuit_open");

        // After the break the next call is the probe; it succeeds and the circuit closes.
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        var (ps, _) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = UniqueCmd("probe") });
        Assert.Equal(200, ps);
        Assert.Equal(CircuitState.Closed, health.Of("flaky")!.Circuit);
    }

    private static async Task<string> MessageAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Str("message");

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>A streamed step; answers the non-empty lines of the event stream.</summary>
    private static async Task<List<string>> StreamAsync(HttpClient client, string id, string cmd)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/web/session/{id}") { Content = Json(new { cmd, stream = true }) };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}

/// <summary>The official MultiOn Node SDK runs its whole lifecycle unchanged against the gateway fronting the fake upstream.</summary>
[Collection("upstream")]
public sealed class UpstreamSdkContractTests(UpstreamFixture fx, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task OfficialNodeSdk_RunsTheWholeLifecycle_ThroughTheUpstreamEngine()
    {
        var createsBefore = fx.Upstream.Calls(FakeUpstream.Create);
        var stepsBefore = fx.Upstream.Calls(FakeUpstream.Step);
        var (exit, text) = await SdkContractTests.RunLifecycleAsync(new()
        {
            ["OPSDASH_BASE_URL"] = new Uri(fx.Factory.BaseAddress, "/v1/web").ToString(),
            ["OPSDASH_API_KEY"] = GatewayFactory.ApiKey,
            ["OPSDASH_OTHER_API_KEY"] = fx.OtherTenantKey,
            ["OPSDASH_PAGE_URL"] = fx.Site.Url("/"),
            ["OPSDASH_TIMEOUT_S"] = "60",
        });
        output.WriteLine(text);
        Assert.True(exit == 0, "SDK lifecycle through the upstream failed:\n" + text);
        Assert.Matches(@"(?m)^\d+ passed, 0 failed$", text);
        // It really went upstream: sessions created and steps run there, not in the local browser.
        Assert.True(fx.Upstream.Calls(FakeUpstream.Create) >= createsBefore + 2);
        Assert.True(fx.Upstream.Calls(FakeUpstream.Step) > stepsBefore);
        Assert.True(fx.Upstream.Calls(FakeUpstream.Retrieve) >= 1);
    }
}
