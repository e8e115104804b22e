using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>A gateway that may open any loopback port, so a test can aim at a port nothing listens on.</summary>
public sealed class LoopbackFixture : GatewayFixture
{
    protected override Dictionary<string, string?> Settings => new() { ["Ops:AllowLoopback"] = "true" };
}

/// <summary>
/// DONE means done, in real Chromium through the API: each command's effect is read back from the
/// page itself (a field's value, the page the form leads to, the agent lab's event log), never from
/// the wording of <c>message</c> alone.
/// </summary>
public sealed class AgentEffectTests(LoopbackFixture fx) : IClassFixture<LoopbackFixture>
{
    private readonly HttpClient _client = fx.Client();

    private string Practice(string path) => new Uri(fx.Factory.BaseAddress, "/practice/" + path).ToString();

    private async Task<JsonElement> BrowseAsync(object body, string? expectedStatus = "DONE")
    {
        var (status, json) = await _client.PostJsonAsync("/v1/web/browse", body);
        Assert.True(status == 200, $"{JsonSerializer.Serialize(body)} → HTTP {status}: {json}");
        if (expectedStatus is not null)
        {
            Assert.True(json.Str("status") == expectedStatus, $"{JsonSerializer.Serialize(body)} → {json.Str("status")}: {json.Str("message")}");
        }
        return json;
    }

    /// <summary>The page's field values and visible text, read by a second session-less retrieve of the rendered page.</summary>
    private async Task<string> MarkdownAsync(string id)
    {
        var (status, page) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "page", session_id = id, format = "markdown", render_js = true });
        Assert.Equal(200, status);
        return page.Str("message");
    }

    [Fact]
    public async Task TypeIntoTheContactFormsEmail_ButDoNotSend_TypesIt_SendsNothing_AndIsDone()
    {
        var typed = await BrowseAsync(new { url = Practice("shop/contact.html"),
            cmd = "Type jane@example.com into the email field of the contact form, but don't send anything yet" });
        var id = typed.Str("session_id");
        Assert.Contains("typed 'jane@example.com' into Email", typed.Str("message"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Did not send", typed.Str("message"));

        // The value is in the field (the next call sends the form and the page thanks nobody yet: name is missing).
        var text = await MarkdownAsync(id);
        Assert.DoesNotContain("we received your message", text);
        var send = await BrowseAsync(new { session_id = id, cmd = "send it" }, "ASK_USER");
        Assert.Contains("'Name'", send.Str("message"));
        Assert.DoesNotContain("'Email'", send.Str("message"));
        Assert.DoesNotContain("we received your message", await MarkdownAsync(id));
    }

    [Fact]
    public async Task AFormFromASentence_FillsEveryField_TicksTheNewsletter_AndSendsIt()
    {
        var sent = await BrowseAsync(new { url = Practice("shop/contact.html"),
            cmd = "My name is Jane Doe, my email is jane@example.com, topic returns, message 'Where is my refund?'. Also sign me up for the newsletter. Then send it." });

        Assert.Contains("chose 'Returns and refunds' in Subject", sent.Str("message"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("checked 'Subscribe to newsletter'", sent.Str("message"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Thanks, Jane Doe", await MarkdownAsync(sent.Str("session_id")));
    }

    [Fact]
    public async Task GoToAPortNothingListensOn_IsABrowserFailureInPlainWords_RecordedAsTheStepsError()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var start = await BrowseAsync(new { url = Practice("shop/"), cmd = "scroll down", max_steps = 1 });
        var id = start.Str("session_id");

        var failed = await BrowseAsync(new { session_id = id, cmd = $"go to http://127.0.0.1:{port}/orders", max_steps = 1 }, null);

        Assert.Equal("NOT SURE", failed.Str("status"));
        Assert.Contains($"Opening http://127.0.0.1:{port}/orders failed", failed.Str("message"));
        Assert.Contains("could not be reached", failed.Str("message"));
        Assert.DoesNotContain("opened http", failed.Str("message"));
        var (_, steps) = await _client.GetJsonAsync($"/api/sessions/{id}/steps");
        var last = steps.EnumerateArray().Last();
        Assert.False(string.IsNullOrEmpty(last.GetProperty("error").GetString()), last.ToString());
        Assert.Equal(failed.Str("url"), last.Str("url_after"));
    }
    [Fact]
    public async Task AddToBag_WithTheSizePickerStillSayingSelectSize_AsksWhichSize_AndDoesNotPressIt()
    {
        // Pressed, the page would refuse ("Please select a size."); which size is the user's to say: never DONE, nothing added.
        var refused = await BrowseAsync(new { url = Practice("market/#/p/nimbus-shoes"), cmd = "click \"Add to bag\"" }, "ASK_USER");

        Assert.Contains("Which size?", refused.Str("message"));
        Assert.DoesNotContain("Clicked", refused.Str("message"));
    }

    [Fact]
    public async Task SendingTheShadowDomContactFormEmpty_AsksForItsRequiredFields_AndPressesNothing()
    {
        // The form lives in a web component's shadow root; its required fields are read there and the send is not pressed.
        var refused = await BrowseAsync(new { url = Practice("support/"), cmd = "click \"Send message\"" }, "ASK_USER");

        Assert.Contains("'Your name'", refused.Str("message"));
        Assert.DoesNotContain("Clicked", refused.Str("message"));
    }

    [Fact]
    public async Task AValueTheNewsletterFrameRefuses_IsAskUserInThePagesWords()
    {
        // The click changes nothing but the iframe's own message ("Enter a valid email address."): read from the frame.
        var refused = await BrowseAsync(new { url = Practice("support/"), cmd = "type 'not-an-email' into the email field of the newsletter form, then click Subscribe" }, "ASK_USER");

        Assert.Contains("Enter a valid email address", refused.Str("message"));
    }
}
