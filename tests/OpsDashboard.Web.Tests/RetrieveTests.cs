using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>Retrieve against live pages: scripts or not, infinite scroll, CSV of the stored rows.</summary>
public sealed class RetrieveTests(GatewayFixture fx) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fx.Client();

    private Task<string> CreateAsync(string path) => _client.OpenSessionAsync(fx.Site.Url(path));

    [Fact]
    public async Task ItemsRenderedByJavaScript_AreAbsentFromServerHtml_AndAllThereWithRenderJs()
    {
        var id = await CreateAsync("/js-items");

        var (_, raw) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "people", session_id = id, fields = new[] { "name", "url" } });
        var (_, rendered) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "people", session_id = id, fields = new[] { "name", "url" }, render_js = true });

        Assert.Equal(0, raw.GetProperty("data").GetArrayLength());
        Assert.Contains("render_js", raw.Str("message"));
        var names = rendered.GetProperty("data").EnumerateArray().Select(r => r.Str("name")).ToList();
        Assert.Equal(["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov"], names);
    }

    [Fact]
    public async Task RetrieveRightAfterOpening_WaitsForAListThePageRendersAfterLoad()
    {
        var id = await CreateAsync("/late-items");

        var (_, json) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "people", session_id = id, fields = new[] { "name" }, render_js = true });

        var names = json.GetProperty("data").EnumerateArray().Select(r => r.Str("name")).ToList();
        Assert.Equal(6, names.Count);
        Assert.Equal("Frances Allen", names[^1]);
    }

    [Fact]
    public async Task InfiniteScroll_AllItemsOnlyWithScrollToBottom()
    {
        var id = await CreateAsync("/infinite");

        var (_, first) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "posts", session_id = id, fields = new[] { "title", "url" }, render_js = true });
        var (_, all) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "posts", session_id = id, fields = new[] { "title", "url" }, render_js = true, scroll_to_bottom = true });

        Assert.Equal(15, first.GetProperty("data").GetArrayLength());
        var rows = all.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(60, rows.Count);
        Assert.Equal("Post number 60", rows[^1].Str("title"));
        Assert.Equal(fx.Site.Url("/posts/60"), rows[^1].Str("url"));
    }

    [Fact]
    public async Task FullPageFalse_ReadsOnlyWhatIsInTheViewport()
    {
        var id = await CreateAsync("/infinite");

        var (_, json) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "posts", session_id = id, fields = new[] { "title" }, render_js = true, full_page = false });

        var count = json.GetProperty("data").GetArrayLength();
        Assert.InRange(count, 3, 14);
    }

    [Fact]
    public async Task RetrieveWithOnlyAUrl_OpensANewSessionAndAnswersItsId()
    {
        var (status, json) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "products", url = fx.Site.Url("/products"), fields = new[] { "name" } });

        Assert.Equal(200, status);
        Assert.Matches("^sess_[0-9a-f]{32}$", json.Str("session_id"));
        Assert.Equal(4, json.GetProperty("data").GetArrayLength());
        var (_, list) = await _client.GetJsonAsync("/v1/web/sessions");
        Assert.Contains(json.Str("session_id"), list.GetProperty("session_ids").EnumerateArray().Select(e => e.GetString()));
    }
}
