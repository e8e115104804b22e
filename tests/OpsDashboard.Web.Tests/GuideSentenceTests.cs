using System.Text.Json;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>
/// The reference guide's sentences, word for word (punctuation, quotes and all), each workflow in
/// one session through <c>POST /v1/web/browse</c> on the built-in practice sites with the default
/// agent. Every check is on the effect (the URL, the cart, the timeline), not on wording alone.
/// </summary>
public sealed class GuideSentenceTests(GatewayFixture fx) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fx.Client();

    private string Practice(string path) => new Uri(fx.Factory.BaseAddress, "/practice/" + path).ToString();

    private async Task<JsonElement> BrowseAsync(object body, string expectedStatus = "DONE")
    {
        var (status, json) = await _client.PostJsonAsync("/v1/web/browse", body);
        Assert.True(status == 200, $"{JsonSerializer.Serialize(body)} → HTTP {status}: {json}");
        Assert.True(json.Str("status") == expectedStatus, $"{JsonSerializer.Serialize(body)} → {json.Str("status")}: {json.Str("message")}");
        return json;
    }

    private async Task<string> MarkdownAsync(string id)
    {
        var (status, page) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "page", session_id = id, format = "markdown", render_js = true });
        Assert.Equal(200, status);
        return page.Str("message");
    }

    private async Task<string> CartAsync(string id)
    {
        await BrowseAsync(new { session_id = id, cmd = $"go to {Practice("shop/cart.html")}", max_steps = 1 });
        return await MarkdownAsync(id);
    }

    [Fact]
    public async Task Workflow1To3_SavedProfile_SearchOpen_AddToCart_CheckoutStopsAtPayment()
    {
        // A profile saved from a signed-in session: "if available" uses it, nothing is typed.
        var (_, signedIn) = await _client.PostJsonAsync("/v1/web/session", new { url = Practice("shop/") });
        var signer = signedIn.Str("session_id");
        await BrowseAsync(new { session_id = signer, cmd = "log in", max_steps = 1 });
        var (saved, savedJson) = await _client.PostJsonAsync("/api/profiles", new { name = "guide-shop", session_id = signer });
        Assert.True(saved == 200, savedJson.ToString());
        await _client.DeleteAsync($"/v1/web/session/{signer}");

        var first = await BrowseAsync(new { url = Practice("shop/"), profile = "guide-shop",
            cmd = "Log in using the saved browser profile if available, search for 'AirPods Pro', and open the first product page." });
        var id = first.Str("session_id");
        Assert.Contains("product.html?id=airpods-pro-2", first.Str("url"));
        Assert.Contains("already signed in", first.Str("message"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("typed 'AirPods Pro'", first.Str("message"), StringComparison.OrdinalIgnoreCase);

        var second = await BrowseAsync(new { session_id = id, cmd = "Add this item to the cart, then navigate to the cart page." });
        Assert.Contains("/practice/shop/cart.html", second.Str("url"));
        Assert.Contains("AirPods Pro (2nd generation)", await MarkdownAsync(id));

        var third = await BrowseAsync(new { session_id = id,
            cmd = "Proceed to checkout, confirm the existing shipping address, and stop when you reach the payment selection page. Do not place the order." });
        Assert.Contains("/checkout/payment.html", third.Str("url"));
        Assert.Contains("AirPods Pro (2nd generation)", await CartAsync(id));
    }

    [Fact]
    public async Task Workflow1_WithoutAProfile_SignsInWithTheConfiguredCredentials()
    {
        var first = await BrowseAsync(new { url = Practice("shop/"),
            cmd = "Log in using the saved browser profile if available, search for 'AirPods Pro', and open the first product page." });

        Assert.Contains("signed in as demo@example.com", first.Str("message"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("product.html?id=airpods-pro-2", first.Str("url"));
    }

    [Fact]
    public async Task Workflow4_AProductTheShopDoesNotSell_IsNotSureNamingIt_AndNothingIsAddedAfterwards()
    {
        var first = await BrowseAsync(new { url = Practice("shop/"), cmd = "Search for a Nintendo Switch OLED and open the product page of the top result." }, "NOT SURE");
        var id = first.Str("session_id");
        Assert.Contains("no results for 'Nintendo Switch OLED'", first.Str("message"));
        Assert.DoesNotContain("product.html", first.Str("url"));
        Assert.Contains("q=Nintendo+Switch+OLED", first.Str("url")); // the article "a" is not part of the query

        var (status, json) = await _client.PostJsonAsync("/v1/web/browse", new { session_id = id, cmd = "Add this item to cart, then proceed to checkout until the payment page." });
        Assert.Equal(200, status);
        Assert.NotEqual("DONE", json.Str("status"));
        Assert.DoesNotContain("- [", await CartAsync(id));
    }

    [Fact]
    public async Task Workflow5_QuotedProductTheShopDoesNotSell_IsNotSure_NeverTheFirstLink()
    {
        var first = await BrowseAsync(new { url = Practice("shop/"), cmd = "Search for 'Nintendo Switch OLED' and open the top product page." }, "NOT SURE");
        Assert.Contains("no results for 'Nintendo Switch OLED'", first.Str("message"));
        Assert.Contains("search.html", first.Str("url"));
    }

    [Fact]
    public async Task Workflow5_WithAProductTheShopSells_GoesAllTheWayToThePaymentPage()
    {
        var first = await BrowseAsync(new { url = Practice("shop/"), cmd = "Search for 'AirPods Max' and open the top product page." });
        var id = first.Str("session_id");
        Assert.Contains("product.html?id=airpods-max", first.Str("url"));
        var second = await BrowseAsync(new { session_id = id, cmd = "Add this item to cart and go to the cart page." });
        Assert.Contains("/practice/shop/cart.html", second.Str("url"));
        var third = await BrowseAsync(new { session_id = id, cmd = "Proceed to checkout until the payment method selection page, but do not place the order." });
        Assert.Contains("/checkout/payment.html", third.Str("url"));
        Assert.Contains("AirPods Max", await CartAsync(id));
    }

    [Fact]
    public async Task Workflow6_DraftThenALaterCallPublishes_ExactlyOnePublishedPost()
    {
        var draft = await BrowseAsync(new { url = Practice("social/"),
            cmd = "Log in if necessary and draft a new post saying: \"Launching our new feature today!\" but do not publish yet." });
        var id = draft.Str("session_id");
        var before = await MarkdownAsync(id);
        var drafts = before[before.IndexOf("Drafts", StringComparison.Ordinal)..];
        Assert.Contains("Launching our new feature today!", drafts);
        Assert.Equal(1, CountOf(before, "Launching our new feature today!"));

        var publish = await BrowseAsync(new { session_id = id, cmd = "Click the button to publish the drafted post." });
        Assert.Contains("Publish", publish.Str("message"));
        var after = await MarkdownAsync(id);
        var timeline = after[after.IndexOf("Timeline", StringComparison.Ordinal)..];
        Assert.Equal(1, CountOf(timeline, "Launching our new feature today!"));
        Assert.Equal(1, CountOf(after, "Launching our new feature today!"));
    }

    [Fact]
    public async Task Workflow7_BrandNamedCategory_ScrollRetrieveThenOpenAProductByItsName()
    {
        var open = await BrowseAsync(new { url = Practice("catalog/"), cmd = "Open the H&M men jeans category page and scroll to load products." });
        var id = open.Str("session_id");
        Assert.Contains("category.html?c=men-jeans", open.Str("url"));

        var (status, retrieved) = await _client.PostJsonAsync("/v1/web/retrieve",
            new { cmd = "the products", session_id = id, fields = new[] { "name", "url" }, max_items = 500, render_js = true });
        Assert.Equal(200, status);
        var rows = retrieved.GetProperty("data").EnumerateArray()
            .Where(r => r.GetProperty("url").GetString()?.Contains("product.html?id=men-jeans", StringComparison.Ordinal) == true)
            .Select(r => (Name: r.Str("name"), Url: r.Str("url"))).ToList();
        Assert.True(rows.Count >= 24, $"only {rows.Count} products after scrolling");
        var pick = rows[5];

        var product = await BrowseAsync(new { session_id = id, cmd = $"Open the product page for \"{pick.Name}\"." });
        Assert.Equal(pick.Url, product.Str("url"));
    }

    private static int CountOf(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            n++;
        }
        return n;
    }
}
