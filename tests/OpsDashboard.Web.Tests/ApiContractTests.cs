using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>The /v1/web wire contract over real HTTP, real Chromium and a real SQLite file.</summary>
public sealed class ApiContractTests(GatewayFixture fx) : ApiContractSuite(fx), IClassFixture<GatewayFixture>;

/// <summary>The same contract with PostgreSQL as the database (Ops:Database:Provider = postgres), on a server of the test run's own.</summary>
public sealed class PostgresApiContractTests(PostgresGatewayFixture fx) : ApiContractSuite(fx), IClassFixture<PostgresGatewayFixture>;

/// <summary>The /v1/web wire contract, run once per database provider.</summary>
public abstract class ApiContractSuite(GatewayFixture fx)
{
    private readonly HttpClient _client = fx.Client();

    private async Task<string> CreateAsync(string path = "/", object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["url"] = fx.Site.Url(path) };
        if (extra is not null)
        {
            foreach (var p in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                body[p.Name] = p.Value;
            }
        }
        var (status, json) = await _client.PostJsonAsync("/v1/web/session", body);
        Assert.True(status == 200, $"create answered {status}: {json}");
        return json.Str("session_id");
    }

    private async Task<List<JsonElement>> StepsAsync(string id)
    {
        var (status, json) = await _client.GetJsonAsync($"/api/sessions/{id}/steps");
        Assert.Equal(200, status);
        return [.. json.EnumerateArray()];
    }

    [Fact]
    public async Task Create_AnswersSessionCreated_WithIdUrlAndEmptyScreenshot_AndRecordsTheSession()
    {
        var (status, json) = await _client.PostJsonAsync("/v1/web/session", new { url = fx.Site.Url("/") });

        Assert.Equal(200, status);
        Assert.Matches("^sess_[0-9a-f]{32}$", json.Str("session_id"));
        Assert.Equal(fx.Site.Url("/"), json.Str("url"));
        Assert.Equal("", json.Str("screenshot"));
        Assert.False(string.IsNullOrWhiteSpace(json.Str("message")));
        var (_, detail) = await _client.GetJsonAsync($"/api/sessions/{json.Str("session_id")}");
        Assert.Equal("idle", detail.Str("status"));
        Assert.Equal(fx.Site.Url("/"), detail.Str("current_url"));
        Assert.True(detail.GetProperty("lease_expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(9));
    }

    [Fact]
    public async Task Step_ClickLinkByText_NavigatesAndIsRecordedBeforeTheAnswer()
    {
        var id = await CreateAsync();

        var (status, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Next page\"" });

        Assert.Equal(200, status);
        Assert.Equal("DONE", json.Str("status"));
        Assert.Equal(fx.Site.Url("/next"), json.Str("url"));
        Assert.Contains("Next page", json.Str("message"));
        var steps = await StepsAsync(id);
        var step = Assert.Single(steps, s => s.Str("kind") == "step");
        Assert.Equal("DONE", step.Str("status"));
        Assert.Equal(fx.Site.Url("/"), step.Str("url_before"));
        Assert.Equal(fx.Site.Url("/next"), step.Str("url_after"));
        Assert.True(step.GetProperty("duration_ms").GetDouble() > 0);
    }

    [Fact]
    public async Task Step_TypeIntoLabelledFieldsAndPressEnter_SubmitsTheForm()
    {
        var id = await CreateAsync("/form");

        var (status, json) = await _client.PostJsonAsync($"/v1/web/session/{id}",
            new { cmd = "type \"jane@example.com\" into \"Email address\", type \"usb wifi\" into \"Search\" and press Enter" });

        Assert.Equal(200, status);
        Assert.Equal("DONE", json.Str("status"));
        var url = new Uri(json.Str("url"));
        Assert.Equal("/results", url.AbsolutePath);
        Assert.Contains("q=usb+wifi", url.Query);
        Assert.Contains("email=jane%40example.com", url.Query);
    }

    [Fact]
    public async Task Step_SearchOnAPageSlowToLeave_OpensTheFirstResultOfTheResults_NotOfThePageLeft()
    {
        var id = await CreateAsync("/slow-leave");

        var (_, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "search for 'kettle' and open the first result" });

        Assert.Equal("DONE", json.Str("status"));
        Assert.Contains("opened 'kettle first result'", json.Str("message"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(fx.Site.Url("/p/found-1"), json.Str("url"));
    }

    [Fact]
    public async Task Step_RightAfterOpening_WaitsForAListThePageFetchesAfterLoad()
    {
        var id = await CreateAsync("/late-items");

        var (_, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "open the first result" });

        Assert.Equal("DONE", json.Str("status"));
        Assert.Contains("opened 'Ada Lovelace'", json.Str("message"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(fx.Site.Url("/people/1"), json.Str("url"));
    }

    [Fact]
    public async Task Step_ScrollToBottomThenUp_ReportsEachScroll()
    {
        var id = await CreateAsync("/long");

        var (_, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll to the bottom; scroll up" });

        Assert.Equal("DONE", json.Str("status"));
        Assert.Contains("scrolled to the bottom", json.Str("message"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("scrolled up", json.Str("message"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Step_Streamed_SendsProgressEventsThenFinalEventThenDone()
    {
        var id = await CreateAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/web/session/{id}")
        {
            Content = JsonContent(new { cmd = "click \"Next page\", then click \"Back home\"", stream = true }),
        };

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var data = text.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l[6..]).ToList();
        Assert.Equal("[DONE]", data[^1]);
        var events = data[..^1].Select(d => JsonDocument.Parse(d).RootElement).ToList();
        Assert.True(events.Count >= 3, text);
        Assert.All(events[..^1], e => Assert.Equal("event", e.Str("type")));
        var final = events[^1];
        Assert.Equal("final_event", final.Str("type"));
        Assert.Equal(id, final.Str("session_id"));
        Assert.Equal("DONE", final.GetProperty("data").GetProperty("delta").Str("status"));
        Assert.Equal(fx.Site.Url("/"), final.GetProperty("data").GetProperty("delta").Str("url"));
    }

    [Fact]
    public async Task CamelCaseFields_AreAcceptedLikeSnakeCase_AndUnknownFieldsIgnored()
    {
        var (status, json) = await _client.PostJsonAsync("/v1/web/session",
            new { url = fx.Site.Url("/"), includeScreenshot = true, browserParams = new { width = 800, height = 600 }, someFutureField = 42 });

        Assert.Equal(200, status);
        var shot = json.Str("screenshot");
        Assert.StartsWith(fx.Factory.BaseAddress.ToString().TrimEnd('/'), shot);
        using var anonymous = new HttpClient();
        var png = await anonymous.GetByteArrayAsync(shot);
        Assert.Equal(800, PngWidth(png));
        Assert.Equal(600, PngHeight(png));
    }

    [Fact]
    public async Task MalformedJson_Answers400_WithTheContractErrorShape()
    {
        var id = await CreateAsync();

        var (status, json) = await _client.PostRawAsync($"/v1/web/session/{id}", "{\"cmd\": \"click\"");

        Assert.Equal(400, status);
        Assert.Equal(400, json.GetProperty("statusCode").GetInt32());
        Assert.Equal("Bad Request", json.Str("error"));
        Assert.Contains("not valid JSON", json.Str("message"));
    }

    [Fact]
    public async Task MissingCmd_Answers422_WithDetailNamingBodyCmd()
    {
        var id = await CreateAsync();

        var (status, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { url = fx.Site.Url("/") });

        Assert.Equal(422, status);
        var detail = Assert.Single(json.GetProperty("detail").EnumerateArray());
        Assert.Equal(["body", "cmd"], detail.GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("missing", detail.Str("type"));
    }

    [Fact]
    public async Task WrongTypes_Answer422_NamingEveryBadField()
    {
        var (status, json) = await _client.PostJsonAsync("/v1/web/browse",
            new { cmd = 5, max_steps = "ten", include_screenshot = "yes", browser_params = new { width = 10 } });

        Assert.Equal(422, status);
        var locs = json.GetProperty("detail").EnumerateArray().Select(d => string.Join('.', d.GetProperty("loc").EnumerateArray().Select(x => x.GetString()))).ToList();
        Assert.Contains("body.cmd", locs);
        Assert.Contains("body.max_steps", locs);
        Assert.Contains("body.include_screenshot", locs);
        Assert.Contains("body.browser_params.width", locs);
    }

    [Fact]
    public async Task EmptyCmd_Answers422_SayingWhatToSend()
    {
        var id = await CreateAsync();

        var (status, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "   " });

        Assert.Equal(422, status);
        Assert.Contains("empty", json.GetProperty("detail")[0].Str("msg"));
    }

    [Fact]
    public async Task UnknownSession_Answers404_SayingItDoesNotExist()
    {
        var (status, json) = await _client.PostJsonAsync("/v1/web/session/sess_00000000000000000000000000000000", new { cmd = "scroll down" });

        Assert.Equal(404, status);
        Assert.Equal("Not Found", json.Str("error"));
        Assert.Contains("No session", json.Str("message"));
    }

    [Fact]
    public async Task ClosedSession_Answers404_SayingWhenAndWhyItEnded_AndLeavesTheList()
    {
        var id = await CreateAsync();
        var (closeStatus, closed) = await _client.DeleteJsonAsync($"/v1/web/session/{id}");
        Assert.Equal(200, closeStatus);
        Assert.Equal("closed", closed.Str("status"));

        var (status, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down" });

        Assert.Equal(404, status);
        Assert.Contains("closed since", json.Str("message"));
        Assert.Contains("closed by the client", json.Str("message"));
        var (_, list) = await _client.GetJsonAsync("/v1/web/sessions");
        Assert.DoesNotContain(id, list.GetProperty("session_ids").EnumerateArray().Select(e => e.GetString()));
        var (_, detail) = await _client.GetJsonAsync($"/api/sessions/{id}");
        Assert.Equal("closed", detail.Str("status"));
    }

    [Fact]
    public async Task MissingOrWrongKey_Answers401_WithHowToFixIt()
    {
        using var noKey = fx.Client(key: null);
        using var wrongKey = fx.Client("ops_not_a_key");

        var (s1, j1) = await noKey.GetJsonAsync("/v1/web/sessions");
        var (s2, j2) = await wrongKey.PostJsonAsync("/v1/web/session", new { url = fx.Site.Url("/") });

        Assert.Equal(401, s1);
        Assert.Equal(401, s2);
        Assert.Contains("X_MULTION_API_KEY", j1.Str("message"));
        Assert.Equal(401, j2.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task AnotherTenantsSession_Answers404_ExactlyLikeAnUnknownOne()
    {
        var id = await CreateAsync();
        using var other = fx.Client(fx.OtherTenantKey);

        var (stepStatus, stepJson) = await other.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down" });
        var (shotStatus, _) = await other.GetJsonAsync($"/v1/web/screenshot/{id}");
        var (closeStatus, _) = await other.DeleteJsonAsync($"/v1/web/session/{id}");
        var (detailStatus, _) = await other.GetJsonAsync($"/api/sessions/{id}");
        var (_, list) = await other.GetJsonAsync("/v1/web/sessions");
        var (_, unknown) = await other.PostJsonAsync("/v1/web/session/sess_ffffffffffffffffffffffffffffffff", new { cmd = "scroll down" });

        Assert.Equal(404, stepStatus);
        Assert.Equal(404, shotStatus);
        Assert.Equal(404, closeStatus);
        Assert.Equal(404, detailStatus);
        Assert.Empty(list.GetProperty("session_ids").EnumerateArray());
        Assert.Equal(unknown.Str("message").Replace("sess_ffffffffffffffffffffffffffffffff", "ID"), stepJson.Str("message").Replace(id, "ID"));
        var (_, mine) = await _client.GetJsonAsync($"/api/sessions/{id}");
        Assert.Equal("idle", mine.Str("status"));
    }

    [Fact]
    public async Task OversizedBody_Answers413_WithTheLimit()
    {
        var id = await CreateAsync();
        var huge = "{\"cmd\": \"" + new string('a', 300_000) + "\"}";

        var (status, json) = await _client.PostRawAsync($"/v1/web/session/{id}", huge);

        Assert.Equal(413, status);
        Assert.Contains("limit", json.Str("message"));
    }

    [Theory]
    [InlineData("file:///etc/passwd", "file:")]
    [InlineData("chrome://settings", "chrome:")]
    [InlineData("javascript:alert(1)", "javascript:")]
    [InlineData("not a url", "not an absolute URL")]
    public async Task ForbiddenOrBadUrls_Answer400_NamingTheProblem(string url, string expected)
    {
        var (status, json) = await _client.PostJsonAsync("/v1/web/session", new { url });

        Assert.Equal(400, status);
        Assert.Contains(expected, json.Str("message"));
    }

    [Fact]
    public async Task Screenshot_IsStoredAndServedToItsTenantOrASignedLinkOnly()
    {
        var id = await CreateAsync();

        var (status, json) = await _client.GetJsonAsync($"/v1/web/screenshot/{id}");

        Assert.Equal(200, status);
        var url = new Uri(json.Str("screenshot"));
        using var anonymous = new HttpClient();
        var png = await anonymous.GetByteArrayAsync(url);
        Assert.Equal(0x89, png[0]);
        Assert.Equal((byte)'P', png[1]);
        var bare = url.GetLeftPart(UriPartial.Path);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(bare)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(bare)).StatusCode);
        using var other = fx.Client(fx.OtherTenantKey);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(bare)).StatusCode);
        var tampered = url.ToString()[..^4] + "0000";
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(tampered)).StatusCode);
        await using var scope = fx.Factory.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync();
        Assert.True(await db.Screenshots.AnyAsync(s => s.SessionId == id));
    }

    [Fact]
    public async Task StepWithIncludeScreenshot_AttachesTheScreenshotToTheStep()
    {
        var id = await CreateAsync();

        var (_, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Next page\"", include_screenshot = true });

        Assert.NotEqual("", json.Str("screenshot"));
        var step = (await StepsAsync(id)).Single(s => s.Str("kind") == "step");
        Assert.False(string.IsNullOrEmpty(step.GetProperty("screenshot").GetString()));
    }

    [Fact]
    public async Task List_ReturnsTheCallersLiveSessionIds()
    {
        var a = await CreateAsync();
        var b = await CreateAsync();
        await _client.DeleteAsync($"/v1/web/session/{b}");

        var (status, json) = await _client.GetJsonAsync("/v1/web/sessions");

        Assert.Equal(200, status);
        var ids = json.GetProperty("session_ids").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(a, ids);
        Assert.DoesNotContain(b, ids);
    }

    [Fact]
    public async Task Browse_WithoutSession_StartsOne_AndWithSession_ContinuesTheSameBrowser()
    {
        var (s1, first) = await _client.PostJsonAsync("/v1/web/browse", new { cmd = "click \"Next page\"", url = fx.Site.Url("/") });
        Assert.Equal(200, s1);
        var id = first.Str("session_id");
        Assert.Equal(fx.Site.Url("/next"), first.Str("url"));
        Assert.Equal(1, first.GetProperty("metadata").GetProperty("step_count").GetInt32());

        var (s2, second) = await _client.PostJsonAsync("/v1/web/browse", new { cmd = "click \"Back home\"", session_id = id, max_steps = 3 });

        Assert.Equal(200, s2);
        Assert.Equal(id, second.Str("session_id"));
        Assert.Equal("DONE", second.Str("status"));
        Assert.Equal(fx.Site.Url("/"), second.Str("url"));
        Assert.True(second.GetProperty("metadata").GetProperty("processing_time").GetDouble() > 0);
    }

    [Fact]
    public async Task Retrieve_WithASchema_ReturnsTheProductCards_NotTheFooter_AndStoresTheRetrieval()
    {
        var id = await CreateAsync("/products");
        var schema = JsonDocument.Parse("""
            {"type":"array","items":{"type":"object","properties":{
              "name":{"type":"string"},"url":{"type":"string","format":"uri"},"price":{"type":"number"}},"required":["name","price"]}}
            """).RootElement;

        var (status, json) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "get the products", session_id = id, schema });

        Assert.Equal(200, status);
        Assert.Equal(id, json.Str("session_id"));
        var rows = json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["Blue Kettle", "Red Toaster", "Green Mug", "Steel Pan"], rows.Select(r => r.Str("name")));
        Assert.Equal(39.0, rows[1].GetProperty("price").GetDouble());
        Assert.Equal(fx.Site.Url("/p/3"), rows[2].Str("url"));
        Assert.Contains("4", json.Str("message"));
        var (_, retrievals) = await _client.GetJsonAsync($"/api/sessions/{id}/retrievals");
        Assert.Equal(4, retrievals[0].GetProperty("row_count").GetInt32());
    }

    [Fact]
    public async Task Retrieve_FieldsShortForm_MapsNamesToTheCards()
    {
        var id = await CreateAsync("/products");

        var (status, json) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "x", session_id = id, fields = new[] { "title", "url" }, max_items = 2 });

        Assert.Equal(200, status);
        var rows = json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("Blue Kettle", rows[0].Str("title"));
        Assert.Equal(fx.Site.Url("/p/1"), rows[0].Str("url"));
    }

    [Fact]
    public async Task Retrieve_Markdown_AnswersTheMainContentInMessage()
    {
        var id = await CreateAsync("/products");

        var (_, json) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "read", session_id = id, format = "markdown" });

        Assert.Contains("# Products", json.Str("message"));
        Assert.Contains("[Red Toaster](" + fx.Site.Url("/p/2") + ")", json.Str("message"));
        Assert.DoesNotContain("Privacy", json.Str("message"));
    }

    [Theory]
    [InlineData("{\"type\":\"object\"}", "array")]
    [InlineData("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}", "object")]
    [InlineData("{\"type\":\"array\",\"items\":{\"type\":\"objekt\"}}", "objekt")]
    public async Task Retrieve_BadSchema_Answers422_SayingWhichPartIsWrong(string schema, string mentioned)
    {
        var (status, json) = await _client.PostRawAsync("/v1/web/retrieve",
            $"{{\"cmd\":\"x\",\"url\":\"{fx.Site.Url("/products")}\",\"schema\":{schema}}}");

        Assert.Equal(422, status);
        var detail = json.GetProperty("detail")[0];
        Assert.Equal("schema", detail.GetProperty("loc")[1].GetString());
        Assert.Contains(mentioned, detail.Str("msg"));
    }

    [Fact]
    public async Task Retrieve_BadFieldsAndMaxItems_Answer422_NamingEachPart()
    {
        var (status, json) = await _client.PostJsonAsync("/v1/web/retrieve",
            new { cmd = "x", url = fx.Site.Url("/"), fields = new object[] { "ok", 3 }, max_items = 0 });

        Assert.Equal(422, status);
        var locs = json.GetProperty("detail").EnumerateArray().Select(d => string.Join('.', d.GetProperty("loc").EnumerateArray().Select(x => x.GetString()))).ToList();
        Assert.Contains("body.fields.1", locs);
        Assert.Contains("body.max_items", locs);
    }

    [Fact]
    public async Task UnrecognisedCommand_AnswersNotSure_NamingTheWords()
    {
        var id = await CreateAsync();

        var (status, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "frobnicate the quux" });

        Assert.Equal(200, status);
        Assert.Equal("NOT SURE", json.Str("status"));
        Assert.Contains("frobnicate the quux", json.Str("message"));
    }

    [Fact]
    public async Task ClickOnSomethingAbsent_AnswersNotSure_AndTheSessionStaysUsable()
    {
        var id = await CreateAsync();

        var (_, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Buy a unicorn\"" });
        var (_, next) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Next page\"" });

        Assert.Equal("NOT SURE", json.Str("status"));
        Assert.Contains("Buy a unicorn", json.Str("message"));
        Assert.Equal("DONE", next.Str("status"));
    }

    [Fact]
    public async Task AgentIdLlm_WithoutAConfiguredPlanner_Answers400SayingHowToConfigureIt()
    {
        var id = await CreateAsync();

        var (status, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down", agent_id = "llm" });

        Assert.Equal(400, status);
        Assert.Contains("Ops:Llm:Endpoint", json.Str("message"));
    }

    [Fact]
    public async Task OpenApiDocument_HealthAndMetrics_AreServed()
    {
        var openapi = await _client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/v1/web/session/{sessionId}", openapi);
        Assert.Contains("/v1/web/retrieve", openapi);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).StatusCode);
        var ready = await _client.GetStringAsync("/health/ready");
        Assert.Contains("\"browser\"", ready);
        await CreateAsync();
        var metrics = await _client.GetStringAsync("/metrics");
        Assert.Contains("opsdash_sessions_active", metrics);
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private static int PngWidth(byte[] png) => (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];

    private static int PngHeight(byte[] png) => (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
}
