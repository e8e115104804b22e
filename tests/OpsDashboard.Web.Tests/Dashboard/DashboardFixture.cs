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

    /// <summary>
    /// Waits for <paramref name="selector"/>; on a timeout the failure says what the tab showed instead
    /// (<see cref="ExplainAsync"/>), so a rare failure under load can be read from one log.
    /// </summary>
    public async Task WaitOrExplainAsync(IPage page, string selector, string what)
    {
        try
        {
            await page.WaitForSelectorAsync(selector);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{what} ({selector}) did not show; {await ExplainAsync(page)}", ex);
        }
    }

    /// <summary>
    /// For a timeout's message: whether the tab's Blazor circuit failed or is reconnecting, what the
    /// page shows that says it is still loading or gave up, and the server's last warnings and errors.
    /// </summary>
    public async Task<string> ExplainAsync(IPage page)
    {
        string circuit;
        try
        {
            circuit = await page.EvaluateAsync<string>("""
                () => {
                  const e = document.getElementById('blazor-error-ui');
                  if (e && getComputedStyle(e).display !== 'none') return 'the circuit failed: ' + e.innerText.trim();
                  const r = document.getElementById('components-reconnect-modal');
                  if (r && (r.open || getComputedStyle(r).display !== 'none')) return 'the circuit is reconnecting: ' + r.innerText.trim();
                  const says = [...document.querySelectorAll('[data-testid$=-loading], [data-testid$=-failed], [data-testid$=-unavailable], [data-testid$=-message], .mud-progress-linear')]
                    .map(x => (x.dataset.testid || x.className.split(' ')[0]) + ': ' + x.innerText.trim().slice(0, 200));
                  return 'the circuit is up; the page is at ' + location.pathname + (says.length ? '; it shows ' + says.join(' | ') : '');
                }
                """);
        }
        catch (PlaywrightException ex)
        {
            circuit = "the page could not be read: " + ex.Message.Split('\n')[0];
        }
        var warnings = Factory.Logs.Lines
            .Where(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal))
            .TakeLast(30);
        return $"{circuit}; the server logged:\n{string.Join("\n", warnings)}";
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
