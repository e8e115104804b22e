using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests.Dashboard;

/// <summary>
/// Real browser: the overview page shows upstream "edge"'s circuit breaker closed, open after two
/// failed steps, half-open while the probe runs, open again when the probe fails, closed after a
/// probe that succeeds; and the session page shows the billing error and the upstream calls.
/// </summary>
[Collection("upstream")]
public sealed class UpstreamOverviewEndToEndTests(UpstreamFixture fx) : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright?.Dispose();
    }

    private async Task<IPage> SignedInAsync(string path)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(90_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{fx.Factory.BaseAddress}login?t={DashboardFixture.LoginToken}");
        await page.WaitForSelectorAsync("[data-testid=live-count]");
        await page.GotoAsync($"{fx.Factory.BaseAddress}{path}");
        return page;
    }

    private async Task UntilProbeAllowedAsync()
    {
        var health = fx.Factory.Services.GetRequiredService<OpsDashboard.Web.Upstream.UpstreamHealth>();
        var until = health.Of("edge")!.OpenUntil ?? DateTimeOffset.UtcNow;
        var wait = until - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(500);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    private static Task CircuitShownAsync(IPage page, string state) =>
        page.WaitForSelectorAsync($"[data-testid=upstream-edge][data-circuit='{state}']");

    [Fact]
    public async Task Overview_ShowsTheCircuitClosedOpenHalfOpenAndClosedAgain()
    {
        using var client = fx.Client(fx.EdgeKey);
        var (cs, created) = await client.PostJsonAsync("/v1/web/session", new { url = "http://127.0.0.1:9/edge" });
        Assert.Equal(200, cs);
        var id = created.Str("session_id");
        var page = await SignedInAsync("overview");
        await CircuitShownAsync(page, "closed");

        fx.Edge.Script(FakeUpstream.Step, FakeUpstream.ServerError, FakeUpstream.ServerError);
        Assert.Equal(502, (await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "fail 1" })).Status);
        Assert.Equal(502, (await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "fail 2" })).Status);
        await CircuitShownAsync(page, "open");
        Assert.Contains("500 Internal Server Error", await page.InnerTextAsync("[data-testid=upstream-edge] [data-testid=last-failure]"));
        Assert.Equal(503, (await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "refused while open" })).Status);

        // After the break the next call is the probe; while it hangs the circuit is half-open.
        await UntilProbeAllowedAsync();
        fx.Edge.Script(FakeUpstream.Step, new FakeUpstream.Hang());
        var probe = client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "hanging probe" });
        await CircuitShownAsync(page, "half-open");
        Assert.Equal(504, (await probe).Status);
        await CircuitShownAsync(page, "open");

        await UntilProbeAllowedAsync();
        Assert.Equal(200, (await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "good probe" })).Status);
        await CircuitShownAsync(page, "closed");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SessionPage_ShowsTheEngine_TheBillingError_AndTheUpstreamCalls()
    {
        using var client = fx.Client();
        var (cs, created) = await client.PostJsonAsync("/v1/web/session", new { url = "http://127.0.0.1:9/billing" });
        Assert.Equal(200, cs);
        var id = created.Str("session_id");
        var page = await SignedInAsync($"sessions/{id}");
        await page.WaitForSelectorAsync("[data-testid=upstream-attempt]");
        Assert.Equal("upstream:hosted", await page.InnerTextAsync("[data-testid=session-engine]"));

        fx.Upstream.Script(FakeUpstream.Step, FakeUpstream.Billing);
        Assert.Equal(402, (await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "buy credits" })).Status);
        var billing = await page.WaitForSelectorAsync("[data-testid=billing-error]");
        Assert.Contains("Billing error from upstream 'hosted' (402 Payment Required)", await billing!.InnerTextAsync());
        await page.WaitForSelectorAsync("[data-testid=upstream-attempt][data-status='402']");

        // The dashboard console streams the upstream's events live: its progress lines show in the step.
        await page.FillAsync("#console-input", "Stream from the console");
        await page.PressAsync("#console-input", "Control+Enter");
        await page.WaitForSelectorAsync(".step-item[data-seq='2'][data-status='DONE']");
        await page.WaitForSelectorAsync("[data-testid=console-answer][data-answer='DONE']");
        Assert.Contains("Upstream did: Stream from the console", await page.InnerTextAsync("[data-testid=console-answer]"));
        Assert.Equal(1, fx.Upstream.CmdCalls("Stream from the console"));
        // The console's step went upstream as a stream, its events relayed as they came.
        Assert.Contains(await fx.AttemptsAsync(id), a => a.Operation == "step (stream)" && a.Error == "3 event(s) relayed");
        await page.Context.CloseAsync();
    }
}
