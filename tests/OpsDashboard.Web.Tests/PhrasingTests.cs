using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>
/// The phrasings people send to web agents, on the practice site through the API: each command
/// must end DONE on the right page having done the named thing (checked in the message and URL).
/// </summary>
public sealed class PhrasingTests(GatewayFixture fx) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fx.Client();

    private string Practice(string path) => new Uri(fx.Factory.BaseAddress, "/practice/" + path).ToString();

    private async Task<(string Status, string Message, string Url)> RunAsync(string start, params string[] cmds)
    {
        var (_, created) = await _client.PostJsonAsync("/v1/web/session", new { url = Practice(start) });
        var id = created.Str("session_id");
        (string, string, string) last = default;
        foreach (var cmd in cmds)
        {
            var (status, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd });
            Assert.True(status == 200, $"{cmd} → {status} {json}");
            last = (json.Str("status"), json.Str("message"), json.Str("url"));
            Assert.True(last.Item1 == "DONE", $"{cmd} → {last.Item1}: {last.Item2}");
        }
        await _client.DeleteAsync($"/v1/web/session/{id}");
        return last;
    }

    [Fact]
    public async Task SearchSortAndRatingFilter()
    {
        var (_, message, url) = await RunAsync("shop/", "Search for \"usb wifi\"", "sort the results by price high to low", "click the 4 stars and up filter");

        Assert.Contains("q=usb+wifi", url);
        Assert.Contains("sort=price-desc", url);
        Assert.Contains("rating=4", url);
        Assert.Contains("4 Stars & Up", message);
    }

    [Fact]
    public async Task CategoryAndPriceFilterInOneSentence()
    {
        var (_, _, url) = await RunAsync("shop/", "show me products under $25 in the women's shoes category");

        Assert.Contains("category=women-shoes", url);
        Assert.Contains("price=under-25", url);
    }

    [Fact]
    public async Task NextPageOfACategory()
    {
        var (_, _, url) = await RunAsync("shop/", "go to the men's jeans category", "click the 'Next' button to go to the next page");

        Assert.Contains("page=2", url);
    }

    [Fact]
    public async Task AddANamedProductToTheWishList_SearchesForItWhenItIsNotOnThePage()
    {
        var (_, message, url) = await RunAsync("shop/", "add Slim Fit Stretch Jeans to my wish list");

        Assert.Contains("product.html?id=men-jeans-01", url);
        Assert.Contains("Add to Wish List", message);
    }

    [Fact]
    public async Task AddTheFirstItemToTheCart_FromResults()
    {
        var (_, message, _) = await RunAsync("shop/", "search for 'AirPods'", "add the first item to the cart");

        Assert.Contains("Add to Cart' on item 1", message);
    }

    [Fact]
    public async Task DeleteTheUserInTheNamedRow_ConfirmingThePagesDialog()
    {
        var (_, message, _) = await RunAsync("shop/admin/users.html", "click the red 'Delete' button next to the user John Smith");

        Assert.Contains("next to 'John Smith'", message);
        Assert.Contains("confirmed 'Delete John Smith?'", message);
    }

    [Fact]
    public async Task FillTheContactFormAndSubmit()
    {
        var (_, message, _) = await RunAsync("shop/contact.html", "fill the form: name Jane Doe, email jane@example.com, subject Feedback, message Hello there, then submit");

        Assert.Contains("'Jane Doe' into Name", message);
        Assert.Contains("'Hello there' into Message", message);
        Assert.Contains("chose 'Feedback' in Subject", message);
        Assert.Contains("Send message", message);
    }

    [Fact]
    public async Task FillTheContactFormWithoutItsRequiredSubject_AsksForIt_AndSendsNothing()
    {
        var (_, created) = await _client.PostJsonAsync("/v1/web/session", new { url = Practice("shop/contact.html") });
        var id = created.Str("session_id");

        var (_, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "fill the form: name Jane Doe, email jane@example.com, message Hello there, then submit" });

        Assert.Equal("ASK_USER", json.Str("status"));
        Assert.Contains("'Subject'", json.Str("message"));
        Assert.Contains("Nothing was sent", json.Str("message"));
        await _client.DeleteAsync($"/v1/web/session/{id}");
    }

    [Fact]
    public async Task CancelAnOrderByNumber()
    {
        var (_, message, _) = await RunAsync("shop/orders.html", "cancel order 302");

        Assert.Contains("next to '302'", message);
        Assert.Contains("Confirm cancellation", message);
    }

    [Fact]
    public async Task SocialFollowLikePostAndBio()
    {
        var (_, message, url) = await RunAsync("social/", "follow @alice", "like the post by Bob Martinez", "post 'Hello'",
            "change my bio to \"Building agents all day\"");

        Assert.Contains("profile.html", url);
        Assert.Contains("Building agents all day", message);
    }
}
