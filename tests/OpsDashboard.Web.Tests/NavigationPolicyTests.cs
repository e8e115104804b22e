using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using OpsDashboard.Core.Policy;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>
/// A site on loopback that a tenant controls (allow-listed, as a public site would be) and an
/// "internal service" on another loopback port that the browser can really reach but must never
/// be let in to (not allow-listed, as an intranet or metadata service). Every request the internal
/// service gets is counted: each vector must leave it at zero.
/// </summary>
public sealed class NavigationPolicyFixture : IAsyncLifetime
{
    public const string Secret = "TOP-SECRET-INTERNAL-DATA";
    private WebApplication _attacker = null!;
    private WebApplication _internal = null!;
    private int _internalHits;
    private int _retrieveRequests;

    public GatewayFactory Factory { get; private set; } = null!;
    public string AttackerUrl { get; private set; } = "";
    public string InternalUrl { get; private set; } = "";
    public int InternalPort { get; private set; }
    public int InternalHits => Volatile.Read(ref _internalHits);

    public async Task InitializeAsync()
    {
        _internal = Build();
        _internal.Run(async (HttpContext c) =>
        {
            Interlocked.Increment(ref _internalHits);
            c.Response.ContentType = "text/html";
            await c.Response.WriteAsync($"<html><head><title>Internal</title></head><body><h1>{Secret}</h1></body></html>");
        });
        await _internal.StartAsync();
        InternalUrl = _internal.Urls.First().TrimEnd('/');
        InternalPort = new Uri(InternalUrl).Port;

        _attacker = Build();
        var target = InternalUrl + "/latest/meta-data";
        _attacker.MapGet("/", () => Page("Attacker home", $"""
            <main><h1>Welcome</h1>
              <p><a href="{target}">Internal dashboard</a></p>
              <p><a href="https://127.0.0.1:{InternalPort}/">Secure internal</a></p>
              <p><a href="/redirect">Special offer</a></p>
            </main>
            """));
        _attacker.MapGet("/redirect", () => Results.Redirect(target));
        _attacker.MapGet("/script-redirect", () => Page("Redirecting", $$"""
            <main><h1>One moment</h1></main>
            <button onclick="location.href = '{{target}}'">Continue</button>
            <script>
              // Once per tab, so the page taken back here stays (a page that retries forever would be refused forever).
              if (!sessionStorage.getItem("tried")) { sessionStorage.setItem("tried", "1"); setTimeout(() => { location.href = "{{target}}"; }, 50); }
            </script>
            """));
        _attacker.MapGet("/frame", () => Page("Framed", $"""
            <main><h1>Framed page</h1><iframe id="f" src="{target}"></iframe></main>
            """));
        _attacker.MapGet("/form", () => Page("Form", $"""
            <main><h1>Newsletter</h1>
              <form action="{target}" method="post"><label for="e">Email</label><input id="e" name="email"><button type="submit">Subscribe</button></form>
            </main>
            """));
        _attacker.MapGet("/fetch", () => Page("Fetcher", $"""
            <main><h1>Fetcher</h1><pre id="out">waiting</pre></main>
            <script>
              fetch("{target}").then(r => r.text()).then(t => document.getElementById("out").textContent = t)
                .catch(e => document.getElementById("out").textContent = "fetch failed");
            </script>
            """));
        // Serves a page to the browser, then a redirect to the internal service to anyone asking again
        // (the retrieve's own fetch of the server's HTML with render_js false).
        _attacker.MapGet("/catalog", (HttpContext c) =>
        {
            if (Interlocked.Increment(ref _retrieveRequests) > 1)
            {
                return Results.Redirect(target);
            }
            return Page("Catalog", "<main><h1>Catalog</h1><ul><li class=\"card\"><h3>Kettle</h3><span>$10</span></li><li class=\"card\"><h3>Mug</h3><span>$5</span></li></ul></main>");
        });
        await _attacker.StartAsync();
        AttackerUrl = _attacker.Urls.First().TrimEnd('/');
        var attackerPort = new Uri(AttackerUrl).Port;

        Factory = new GatewayFactory(new()
        {
            ["Ops:AllowLoopback"] = "false",
            ["Ops:AllowedHosts:0"] = $"127.0.0.1:{attackerPort}",
            ["Ops:ActionTimeout"] = "00:00:20",
        }, services: s =>
        {
            // A DNS answer the test controls: a name for the internal service.
            s.AddSingleton(sp => new UrlPolicy(false, [$"127.0.0.1:{attackerPort}"], false, null, (host, ct) => host switch
            {
                "intranet.test" => Task.FromResult(new[] { IPAddress.Loopback }),
                _ => Dns.GetHostAddressesAsync(host, ct),
            }));
        });
        Factory.Start();
    }

    public void ResetRetrieveCounter() => Interlocked.Exchange(ref _retrieveRequests, 0);

    private static WebApplication Build()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    private static IResult Page(string title, string body) =>
        Results.Content($"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>{body}</body></html>", "text/html; charset=utf-8");

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _attacker.DisposeAsync();
        await _internal.DisposeAsync();
    }
}

/// <summary>
/// Issue 9: every navigation the browser makes for a session is under the URL policy, whatever
/// starts it, and a refused navigation says what and why, is recorded as an error step, and leaves
/// the session usable on its previous page.
/// </summary>
public sealed class NavigationPolicyTests(NavigationPolicyFixture fx) : IClassFixture<NavigationPolicyFixture>
{
    private readonly HttpClient _client = fx.Factory.Client();

    private async Task<string> OpenAsync(string path = "/")
    {
        var (status, body) = await _client.PostJsonAsync("/v1/web/session", new { url = fx.AttackerUrl + path });
        Assert.True(status == 200, $"create answered {status}: {body}");
        return body.Str("session_id");
    }

    private async Task<JsonElement> StepAsync(string id, string cmd)
    {
        var (status, body) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd });
        Assert.True(status == 200, $"step answered {status}: {body}");
        return body;
    }

    private async Task<JsonElement> LastStepAsync(string id)
    {
        var (_, steps) = await _client.GetJsonAsync($"/api/sessions/{id}/steps");
        return steps.EnumerateArray().Last();
    }

    private async Task<string> PageTextAsync(string id)
    {
        var (status, body) = await _client.PostJsonAsync("/v1/web/retrieve", new { session_id = id, cmd = "the page text", format = "markdown", render_js = true });
        Assert.True(status == 200, $"retrieve answered {status}: {body}");
        return body.Str("message");
    }

    /// <summary>The step was refused: NOT SURE naming the reason, an error on the step, the session still on its page and still working.</summary>
    private async Task AssertRefusedAndStillUsableAsync(string id, JsonElement answer, string stillOn, string reasonPart)
    {
        Assert.Equal("NOT SURE", answer.Str("status"));
        Assert.Contains("Refused to open", answer.Str("message"), StringComparison.Ordinal);
        Assert.Contains(reasonPart, answer.Str("message"), StringComparison.Ordinal);
        Assert.Equal(stillOn, answer.Str("url"));
        var step = await LastStepAsync(id);
        Assert.False(string.IsNullOrEmpty(step.GetProperty("error").GetString()), $"the refused step has no error: {step}");
        Assert.DoesNotContain(NavigationPolicyFixture.Secret, await PageTextAsync(id), StringComparison.Ordinal);
        Assert.Equal(0, fx.InternalHits);
        var next = await StepAsync(id, $"go to {fx.AttackerUrl}/");
        Assert.Equal("DONE", next.Str("status"));
    }

    [Theory]
    [InlineData("go to file:///etc/passwd")]
    [InlineData("go to file:///tmp/")]
    [InlineData("open view-source:file:///etc/passwd")]
    [InlineData("go to chrome://version")]
    public async Task GoToANonWebScheme_IsRefusedAndNothingIsRead(string cmd)
    {
        var id = await OpenAsync();

        var answer = await StepAsync(id, cmd);

        Assert.NotEqual("DONE", answer.Str("status"));
        Assert.Equal(fx.AttackerUrl + "/", answer.Str("url"));
        var text = await PageTextAsync(id);
        Assert.DoesNotContain("root:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Chromium", text, StringComparison.Ordinal);
    }

    // Private and metadata addresses in every spelling are refused by the same UrlPolicy calls (see
    // OpsDashboard.Core.Tests.UrlPolicyTests); here only targets that cannot send a packet anywhere even
    // if the gate were broken: names that do not resolve on this machine, and loopback.
    [Theory]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata service")]
    [InlineData("http://169.254.169.254.nip.io/", "could not be resolved")]
    [InlineData("http://intranet.test/", "loopback")]  // a DNS name answering loopback on a port that is not ours
    public async Task Create_OnAMetadataNameOrAForbiddenName_Answers400NamingWhy(string url, string reason)
    {
        var (status, body) = await _client.PostJsonAsync("/v1/web/session", new { url });

        Assert.Equal(400, status);
        Assert.Contains(reason, body.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_OnAnotherLoopbackPort_Answers400SayingHowToAllowIt()
    {
        var (status, body) = await _client.PostJsonAsync("/v1/web/session", new { url = fx.InternalUrl + "/" });

        Assert.Equal(400, status);
        Assert.Contains("Ops:AllowedHosts", body.Str("message"), StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{fx.InternalPort}", body.Str("message"), StringComparison.Ordinal);
        Assert.Equal(0, fx.InternalHits);
    }

    [Theory]
    [InlineData("go to http://intranet.test:{port}/", "loopback")]
    [InlineData("go to http://127.0.0.1:{port}/latest/meta-data/", "loopback")]
    [InlineData("go to http://[::ffff:127.0.0.1]:{port}/", "loopback")]
    [InlineData("go to http://2130706433:{port}/", "loopback")]
    [InlineData("go to http://localhost:{port}/", "loopback")]
    public async Task GoToAForbiddenAddress_IsRefusedRecordedAndTheSessionStaysWhereItWas(string cmd, string reason)
    {
        var id = await OpenAsync();

        var answer = await StepAsync(id, cmd.Replace("{port}", fx.InternalPort.ToString(), StringComparison.Ordinal));

        await AssertRefusedAndStillUsableAsync(id, answer, fx.AttackerUrl + "/", reason);
    }

    [Fact]
    public async Task CreateOnAPageThatRedirectsToAnInternalAddress_DoesNotFollowTheRedirect()
    {
        var (status, body) = await _client.PostJsonAsync("/v1/web/session", new { url = fx.AttackerUrl + "/redirect" });

        Assert.Equal(200, status);
        Assert.Equal("NOT SURE", body.Str("status"));
        Assert.Contains("Refused to open", body.Str("message"), StringComparison.Ordinal);
        Assert.Equal(0, fx.InternalHits);
        var id = body.Str("session_id");
        Assert.DoesNotContain(NavigationPolicyFixture.Secret, await PageTextAsync(id), StringComparison.Ordinal);
        Assert.Equal("DONE", (await StepAsync(id, $"go to {fx.AttackerUrl}/")).Str("status"));
    }

    [Theory]
    [InlineData("go to {site}/redirect")]       // an HTTP 302 from an allowed page
    [InlineData("click \"Internal dashboard\"")] // a link straight to the internal address
    [InlineData("click \"Secure internal\"")]    // an https link: refused at the CONNECT tunnel
    [InlineData("click \"Special offer\"")]      // a link whose target redirects there
    public async Task ARedirectOrALinkToAnInternalAddress_IsRefusedAndTheSessionStaysWhereItWas(string cmd)
    {
        var id = await OpenAsync();

        var answer = await StepAsync(id, cmd.Replace("{site}", fx.AttackerUrl, StringComparison.Ordinal));

        await AssertRefusedAndStillUsableAsync(id, answer, fx.AttackerUrl + "/", "loopback");
    }

    [Fact]
    public async Task APageWhoseScriptRedirectsToAnInternalAddress_IsTakenBack()
    {
        var id = await OpenAsync();

        // The script redirects 50 ms after load: the step that opened it, or the next one, sees the refusal.
        var first = await StepAsync(id, $"go to {fx.AttackerUrl}/script-redirect");
        await Task.Delay(500);
        var second = await StepAsync(id, "scroll down");

        Assert.True((first.Str("message") + second.Str("message")).Contains("Refused to open", StringComparison.Ordinal), $"{first} / {second}");
        Assert.Equal(fx.AttackerUrl + "/script-redirect", second.Str("url"));
        Assert.Equal(0, fx.InternalHits);
        Assert.DoesNotContain(NavigationPolicyFixture.Secret, await PageTextAsync(id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AButtonWhoseScriptNavigatesToAnInternalAddress_IsRefused()
    {
        var id = await OpenAsync();
        await StepAsync(id, $"go to {fx.AttackerUrl}/script-redirect");
        await Task.Delay(300);
        await StepAsync(id, "scroll down");

        var answer = await StepAsync(id, "click \"Continue\"");

        await AssertRefusedAndStillUsableAsync(id, answer, fx.AttackerUrl + "/script-redirect", "loopback");
    }

    [Fact]
    public async Task SubmittingAFormToAnInternalAddress_IsRefused()
    {
        var id = await OpenAsync("/form");

        var answer = await StepAsync(id, "type \"a@b.c\" into \"Email\" and click \"Subscribe\"");

        await AssertRefusedAndStillUsableAsync(id, answer, fx.AttackerUrl + "/form", "loopback");
    }

    [Fact]
    public async Task AnIframeOrAFetchToAnInternalAddress_LoadsNothingFromIt()
    {
        var framed = await OpenAsync("/frame");
        var fetcher = await OpenAsync("/fetch");
        await Task.Delay(500);

        var (status, body) = await _client.PostJsonAsync("/v1/web/retrieve", new { session_id = fetcher, cmd = "the page text", format = "markdown", render_js = true });

        Assert.Equal(200, status);
        Assert.DoesNotContain(NavigationPolicyFixture.Secret, body.Str("message"), StringComparison.Ordinal);
        Assert.Equal(0, fx.InternalHits);
        Assert.Equal("DONE", (await StepAsync(framed, "scroll down")).Str("status"));
        Assert.Equal(0, fx.InternalHits);
    }

    [Fact]
    public async Task RetrieveWithoutRendering_DoesNotFollowTheServersRedirectToAnInternalAddress()
    {
        fx.ResetRetrieveCounter();
        var id = await OpenAsync("/catalog");

        var (status, body) = await _client.PostJsonAsync("/v1/web/retrieve", new { session_id = id, cmd = "the products", fields = new[] { "name", "price" }, render_js = false });

        Assert.Equal(200, status);
        Assert.DoesNotContain(NavigationPolicyFixture.Secret, body.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, fx.InternalHits);
    }

    [Fact]
    public async Task TheGatewaysOwnPracticeSite_IsStillOpenWithLoopbackOtherwiseClosed()
    {
        var (status, body) = await _client.PostJsonAsync("/v1/web/session", new { url = fx.Factory.BaseAddress + "practice/shop/" });

        Assert.Equal(200, status);
        Assert.Equal("DONE", body.Str("status"));
    }

    [Fact]
    public async Task ChromiumsOwnPolicy_BlocksFileUrls_AsDefenceInDepth()
    {
        Assert.True(File.Exists("/etc/chromium/policies/managed/opsdashboard.json"),
            "Chromium's URL blocklist policy is not installed: run .ci/prereqs (as root).");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();

        var ex = await Assert.ThrowsAsync<PlaywrightException>(() => page.GotoAsync("file:///etc/hostname"));

        Assert.Contains("ERR_BLOCKED_BY_ADMINISTRATOR", ex.Message, StringComparison.Ordinal);
    }
}
