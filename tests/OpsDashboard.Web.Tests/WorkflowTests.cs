using System.Text.Json;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>
/// The reference workflows on the built-in practice site, through the API, one session_id per
/// workflow, with the default agent (the command interpreter).
/// </summary>
public sealed class WorkflowTests(GatewayFixture fx) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fx.Client();

    private string Practice(string path) => new Uri(fx.Factory.BaseAddress, "/practice/" + path).ToString();

    private Task<string> CreateAsync(string path) => _client.OpenSessionAsync(Practice(path));

    private async Task<JsonElement> StepAsync(string id, string cmd, string expectedStatus = "DONE")
    {
        var (status, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd });
        Assert.True(status == 200, $"{cmd} → HTTP {status}: {json}");
        Assert.True(json.Str("status") == expectedStatus, $"{cmd} → {json.Str("status")}: {json.Str("message")}");
        return json;
    }

    [Fact]
    public async Task Shop_SearchAddToCartCheckout_StopsAtPaymentWithoutPlacingTheOrder()
    {
        var id = await CreateAsync("shop/");

        var first = await StepAsync(id, "Log in using the saved browser profile if available, search for 'AirPods Pro', and open the first product page.");
        Assert.Contains("product.html?id=airpods-pro-2", first.Str("url"));
        Assert.Contains("AirPods Pro (2nd generation)", first.Str("message"));

        var second = await StepAsync(id, "Add this item to the cart, then navigate to the cart page.");
        Assert.Contains("/practice/shop/cart.html", second.Str("url"));

        var third = await StepAsync(id, "Proceed to checkout, confirm the existing shipping address, and stop when you reach the payment selection page. Do not place the order.");
        Assert.Contains("/checkout/payment.html", third.Str("url"));
        Assert.Contains("Did not place the order", third.Str("message"));

        // The cart still holds the item and no new order exists: read them in the same browser.
        await StepAsync(id, $"go to {Practice("shop/cart.html")}");
        var (_, page) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "cart", session_id = id, format = "markdown", render_js = true });
        Assert.Contains("AirPods Pro (2nd generation)", page.Str("message"));
        await StepAsync(id, $"go to {Practice("shop/orders.html")}");
        var (_, orders) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "orders", session_id = id, format = "markdown", render_js = true });
        Assert.DoesNotContain("#304", orders.Str("message"));
        Assert.Contains("#302", orders.Str("message"));
    }

    [Fact]
    public async Task Social_DraftThenApprovalThenPublish_PublishesExactlyOnce()
    {
        var id = await CreateAsync("social/");

        var draft = await StepAsync(id, "Draft a post saying \"Launching our new feature today!\" without publishing it.");
        Assert.Contains("Save draft", draft.Str("message"));
        var publish = await StepAsync(id, "Click the button to publish the drafted post.");
        Assert.Contains("Publish", publish.Str("message"));

        var (_, timeline) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "timeline", session_id = id, format = "markdown", render_js = true });
        var text = timeline.Str("message");
        Assert.Equal(1, CountOf(text, "Launching our new feature today!"));
    }

    [Fact]
    public async Task Catalog_OpenCategoryScrollRetrieveThenOpenTheSecondProduct_InOneSession()
    {
        var id = await CreateAsync("catalog/");

        var open = await StepAsync(id, "Open the men's jeans category and scroll to load products.");
        Assert.Contains("category.html?c=men-jeans", open.Str("url"));
        var (status, retrieved) = await _client.PostJsonAsync("/v1/web/retrieve",
            new { cmd = "the products", session_id = id, fields = new[] { "name", "url" }, max_items = 500, render_js = true });
        Assert.Equal(200, status);
        var productLinks = retrieved.GetProperty("data").EnumerateArray()
            .Where(r => r.GetProperty("url").GetString()?.Contains("product.html?id=men-jeans", StringComparison.Ordinal) == true)
            .Select(r => r.Str("url")).Distinct().ToList();
        Assert.True(productLinks.Count >= 24, $"only {productLinks.Count} products after scrolling");

        var second = await StepAsync(id, "Open the product page of the second product");
        Assert.Equal(productLinks[1], second.Str("url"));
    }

    [Fact]
    public async Task TenSessionsRunTheShopWorkflowInParallel_EachCartHoldsOnlyItsOwnItem()
    {
        string[] products = ["AirPods Max", "USB WiFi Adapter AC1200", "Nano USB WiFi Dongle", "AirPods Pro Case", "AirPods Pro",
            "Slim Fit Stretch Jeans", "AirPods Max", "Nano USB WiFi Dongle", "USB WiFi Adapter AC1200", "AirPods Pro Case"];
        var results = await Task.WhenAll(products.Select(async (product, i) =>
        {
            var id = await CreateAsync("shop/");
            var found = await StepAsync(id, $"Log in using the saved browser profile if available, search for '{product}', and open the first product page.");
            await StepAsync(id, "Add this item to the cart, then navigate to the cart page.");
            var (_, cart) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "cart", session_id = id, format = "markdown", render_js = true });
            await _client.DeleteAsync($"/v1/web/session/{id}");
            return (product, opened: found.Str("message"), cart: cart.Str("message"));
        }));

        foreach (var (product, opened, cart) in results)
        {
            var lines = cart.Split('\n').Where(l => l.StartsWith("- [", StringComparison.Ordinal)).ToList();
            Assert.True(opened.Contains($"opened '{product}", StringComparison.Ordinal), $"first step of the '{product}' session: {opened}");
            Assert.True(lines.Count == 1, $"cart of the '{product}' session: {cart}");
            Assert.StartsWith($"- [{product}", lines[0]);
            foreach (var other in products.Distinct().Where(p => p != product && !p.Contains(product, StringComparison.Ordinal) && !product.Contains(p, StringComparison.Ordinal)))
            {
                Assert.DoesNotContain($"[{other}]", cart);
            }
        }
    }

    [Theory]
    [InlineData("asdf qwer zxcv", "NOT SURE", "asdf qwer zxcv")]
    [InlineData("click \"Buy a unicorn\"", "NOT SURE", "Buy a unicorn")]
    [InlineData("Place the order, but do not place the order.", "ASK_USER", "not to place the order")]
    public async Task CommandsItMustRefuseOrQuestion(string cmd, string status, string inMessage)
    {
        var id = await CreateAsync("shop/");

        var json = await StepAsync(id, cmd, status);

        Assert.Contains(inMessage, json.Str("message"));
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
