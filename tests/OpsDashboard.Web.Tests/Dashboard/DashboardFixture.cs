using Microsoft.Playwright;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests.Dashboard;

/// <summary>
/// The real gateway on loopback with a fixed dashboard login token (<c>Dashboard:LoginToken</c>),
/// plus one headless Chromium (the system binary; never a downloaded browser) driven by Playwright.
/// </summary>
public sealed class DashboardFixture : GatewayFixture, IAsyncLifetime
{
    public const string LoginToken = "e2e-login-token-0123456789";
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl => Factory.BaseAddress.ToString();

    protected override Dictionary<string, string?> Settings => new() { ["Dashboard:LoginToken"] = LoginToken };

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await DisposeAsync();
    }

    /// <summary>A fresh browser context (own cookies) at 1440×900.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            AcceptDownloads = true,
        });
        // Generous: the dashboard tests share 2 cores with every other browser test of the suite.
        context.SetDefaultTimeout(90_000);
        return await context.NewPageAsync();
    }

    /// <summary>A page signed in through the login link, on the sessions page with its live feed running.</summary>
    public async Task<IPage> SignedInPageAsync()
    {
        var page = await NewPageAsync();
        await page.GotoAsync($"{BaseUrl}login?t={LoginToken}");
        await page.WaitForSelectorAsync("[data-testid=live-count]");
        return page;
    }
}
