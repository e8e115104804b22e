using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>
/// Retrieve's <c>max_pages</c>: the page's own pagination is followed in the same session — Next
/// links (<c>rel=next</c>), page numbers only, "Load more", a scripted pager without links, infinite
/// scroll — until max_items or max_pages; the pages read are in <c>message</c> and stored with the retrieval.
/// </summary>
public sealed class RetrievePagingTests(GatewayFixture fx) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fx.Client();

    private string Practice(string path) => new Uri(fx.Factory.BaseAddress, "/practice/" + path).ToString();

    private async Task<JsonElement> RetrieveAsync(string url, object extra)
    {
        var id = await _client.OpenSessionAsync(url);
        var body = JsonSerializer.SerializeToElement(extra);
        var merged = new Dictionary<string, object?> { ["cmd"] = "every row", ["session_id"] = id };
        foreach (var p in body.EnumerateObject())
        {
            merged[p.Name] = p.Value;
        }
        var (status, json) = await _client.PostJsonAsync("/v1/web/retrieve", merged);
        Assert.True(status == 200, $"retrieve answered {status}: {json}");
        return json;
    }

    private static List<string> Column(JsonElement json, string name) =>
        [.. json.GetProperty("data").EnumerateArray().Select(r => r.GetProperty(name).GetString() ?? "")];

    [Fact]
    public async Task NextLinks_AreFollowedUntilMaxPages_AndThePagesAreListedAndStored()
    {
        var json = await RetrieveAsync(Practice("data/table.html"), new { fields = new[] { "id", "name" }, max_pages = 3, max_items = 500 });

        var ids = Column(json, "id");
        Assert.Equal(150, ids.Count);
        Assert.Equal("1001", ids[0]);
        Assert.Equal("1150", ids[^1]);
        Assert.Equal(150, ids.Distinct().Count());
        var message = json.Str("message");
        Assert.Contains("Read 3 pages, 150 rows in all", message);
        Assert.Contains("/practice/data/table-2.html", message);
        Assert.Contains("/practice/data/table-3.html", message);
        Assert.Contains("Stopped: max_pages (3) reached", message);

        await using var db = await fx.Factory.Services.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync();
        var record = await db.Retrievals.AsNoTracking().SingleAsync(r => r.Id == json.GetProperty("retrieval_id").GetInt64());
        using var request = JsonDocument.Parse(record.RequestJson);
        Assert.Equal(3, request.RootElement.GetProperty("MaxPages").GetInt32());
        var pages = request.RootElement.GetProperty("PagesRead").EnumerateArray().ToList();
        Assert.Equal(3, pages.Count);
        Assert.EndsWith("/practice/data/table-3.html", pages[2].GetProperty("url").GetString());
        Assert.Equal(150, record.RowCount);
        Assert.EndsWith("/practice/data/table-3.html", json.Str("url")); // the session is left on the last page read
    }

    /// <summary>
    /// max_pages with format "markdown": every page's Markdown in one text, pages apart by a rule, and on a "Load more"
    /// page the first batch (already read) not repeated; the pages read are listed (as an HTML comment) and stored.
    /// </summary>
    [Fact]
    public async Task Markdown_FollowsThePages_AndRepeatsNothingALoadMorePageStillShows()
    {
        var table = await RetrieveAsync(Practice("data/table.html"), new { format = "markdown", max_pages = 3 });
        var text = table.Str("message");
        Assert.Empty(table.GetProperty("data").EnumerateArray());
        Assert.Contains("1001", text);
        Assert.Contains("1150", text);
        Assert.Equal(2, text.Split("\n---\n").Length - 1);
        Assert.Contains("<!-- Read 3 pages", text);
        Assert.Contains("Stopped: max_pages (3) reached", text);

        var more = await RetrieveAsync(Practice("paging/load-more.html"), new { format = "markdown", max_pages = 10, render_js = true });
        var md = more.Str("message");
        // The first batch's first product, still shown on every later page, is in the text once; the third batch's last is there too.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(md, "Canvas Tote"));
        Assert.Contains("Tea Tin", md);
        Assert.Contains("Read 3 pages", md);

        await using var db = await fx.Factory.Services.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync();
        var record = await db.Retrievals.AsNoTracking().SingleAsync(r => r.Id == more.GetProperty("retrieval_id").GetInt64());
        using var request = JsonDocument.Parse(record.RequestJson);
        Assert.Equal(3, request.RootElement.GetProperty("PagesRead").GetArrayLength());
    }

    [Fact]
    public async Task MaxItems_StopsBeforeMaxPages()
    {
        var json = await RetrieveAsync(Practice("data/table.html"), new { fields = new[] { "id" }, max_pages = 10, max_items = 70 });

        Assert.Equal(70, json.GetProperty("data").GetArrayLength());
        Assert.Contains("Read 2 pages", json.Str("message"));
        Assert.Contains("Stopped: max_items (70) reached", json.Str("message"));
    }

    [Fact]
    public async Task PageNumbersOnly_AreFollowed_UntilThereIsNoNextNumber()
    {
        var json = await RetrieveAsync(Practice("paging/posts-1.html"), new { fields = new[] { "title", "author" }, max_pages = 10 });

        var titles = Column(json, "title");
        Assert.Equal(15, titles.Count);
        Assert.Equal("Tuning SQLite for write-heavy loads", titles[0]);
        Assert.Equal("Retiring a queue", titles[^1]);
        Assert.Contains("Read 3 pages", json.Str("message"));
        Assert.Contains("the page 2 link", json.Str("message"));
        Assert.Contains("Stopped: the page shows no further page", json.Str("message"));
    }

    [Fact]
    public async Task LoadMore_IsClicked_AndEachProductCountedOnce()
    {
        var json = await RetrieveAsync(Practice("paging/load-more.html"), new { fields = new[] { "name", "price" }, max_pages = 10, render_js = true });

        var names = Column(json, "name");
        Assert.Equal(18, names.Count);
        Assert.Equal(18, names.Distinct().Count());
        Assert.Equal("Tea Tin", names[16]);
        Assert.Contains("'Load more' (load more), 6 new rows)", json.Str("message"));
        Assert.Contains("Read 3 pages", json.Str("message"));
    }

    [Fact]
    public async Task ScriptedPagerWithoutLinks_IsClicked_AndItsDisabledNextEndsIt()
    {
        var json = await RetrieveAsync(Practice("paging/grid.html"), new { fields = new[] { "invoice", "customer" }, max_pages = 10, render_js = true });

        var invoices = Column(json, "invoice");
        Assert.Equal(13, invoices.Count);
        Assert.Equal("INV-2001", invoices[0]);
        Assert.Equal("INV-2013", invoices[^1]);
        Assert.Contains("Read 3 pages", json.Str("message"));
    }

    [Fact]
    public async Task InfiniteScroll_CountsAsPages()
    {
        var json = await RetrieveAsync(fx.Site.Url("/infinite"), new { fields = new[] { "title", "url" }, max_pages = 3, render_js = true });

        Assert.Equal(45, json.GetProperty("data").GetArrayLength());
        Assert.Contains("scrolled to the end", json.Str("message"));
        Assert.Contains("Stopped: max_pages (3) reached", json.Str("message"));
    }

    [Theory]
    [InlineData("0", "got 0")]
    [InlineData("51", "got 51")]
    [InlineData("2.5", "got 2.5")]
    [InlineData("\"all\"", "got the string \"all\"")]
    public async Task BadMaxPages_Is400_SayingWhatIsAllowed(string value, string got)
    {
        var id = await _client.OpenSessionAsync(fx.Site.Url("/products"));

        var (status, json) = await _client.PostRawAsync("/v1/web/retrieve", $$"""{"cmd":"rows","session_id":"{{id}}","max_pages":{{value}}}""");

        Assert.Equal(400, status);
        Assert.Equal(400, json.GetProperty("statusCode").GetInt32());
        Assert.Contains("\"max_pages\" should be a whole number from 1 to 50", json.Str("message"));
        Assert.Contains(got, json.Str("message"));
    }
}
