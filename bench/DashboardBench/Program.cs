using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

// Drives the gateway's dashboard in Chromium.
//   screenshots: the README's screenshots, against a running gateway.
//     dotnet run --project bench/DashboardBench -- screenshots --url http://127.0.0.1:5080 --token <login token> --key <API key> [--out docs/screenshots]
//   perf: the dashboard benchmark of docs/performance.md, against a gateway this command starts itself
//     (build it first: dotnet build src/OpsDashboard.Web -c Release).
//     dotnet run -c Release --project bench/DashboardBench -- perf [--sessions 5000] [--rate 200] [--stepping 8] [--step-rate 6] [--fill renew|none]
//       [--window 12] [--hub-clients 20] [--render-runs 3] [--port 0]
//   liveview: what watching a session's live view costs (docs/performance.md), against gateways this command starts itself.
//     dotnet run -c Release --project bench/DashboardBench -- liveview [--watched 2] [--window 10] [--rounds 1] [--max-fps 15,60] [--port 0]
if (args.FirstOrDefault() == "liveview")
{
    return await DashboardBench.Perf.LiveViewCommand.RunAsync(DashboardBench.Perf.LiveViewOptions.Parse(args));
}
if (args.FirstOrDefault() == "perf")
{
    return await DashboardBench.Perf.PerfCommand.RunAsync(DashboardBench.Perf.PerfOptions.Parse(args));
}
var options = Args.Parse(args);
if (options.Command != "screenshots")
{
    Console.Error.WriteLine("usage: DashboardBench screenshots --url <base url> --token <dashboard login token> --key <API key> [--out docs/screenshots]");
    Console.Error.WriteLine("       DashboardBench liveview [--watched 2] [--window 10] [--rounds 1] [--max-fps 15,60] [--port 0]");
    Console.Error.WriteLine("       DashboardBench perf [--sessions 5000] [--rate 200] [--stepping 8] [--step-rate 6] [--fill renew|none] [--window 12] [--hub-clients 20] [--render-runs 3] [--port 0]");
    return 2;
}
await Screenshots.TakeAsync(options);
return 0;

/// <summary>Command-line switches.</summary>
internal sealed record Args(string Command, Uri Url, string Token, string Key, string Out)
{
    public static Args Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var url = Get("url", "http://127.0.0.1:5080/");
        return new Args(args.FirstOrDefault() ?? "", new Uri(url.EndsWith('/') ? url : url + "/"), Get("token", ""), Get("key", ""), Get("out", "docs/screenshots"));
    }
}

/// <summary>Seeds a few sessions through the API, then photographs every page at 1440×900.</summary>
internal static class Screenshots
{
    public static async Task TakeAsync(Args o)
    {
        Directory.CreateDirectory(o.Out);
        using var api = new HttpClient { BaseAddress = o.Url, Timeout = TimeSpan.FromMinutes(2) };
        api.DefaultRequestHeaders.Add("X_MULTION_API_KEY", o.Key);

        var shop = await CreateAsync(api, "practice/shop/", "nightly-price-check");
        await StepAsync(api, shop, "type \"jeans\" into \"Search\"");
        await StepAsync(api, shop, "click \"Deals\"");
        await StepAsync(api, shop, "click \"Gift cards\"");
        var catalog = await CreateAsync(api, "practice/catalog/category.html?c=men-jeans", "catalog-export");
        var social = await CreateAsync(api, "practice/social/", "social-draft");
        await StepAsync(api, social, "scroll down");
        var closed = await CreateAsync(api, "practice/", "smoke-test");
        await api.DeleteAsync($"v1/web/session/{closed}");
        await CreateAsync(api, "practice/shop/", "checkout-bot");
        // A stuck session: its last answer is NOT SURE, so it shows under "needs attention".
        var stuck = await CreateAsync(api, "practice/shop/", "refund-bot");
        await StepAsync(api, stuck, "click \"Refund order 4411\"");
        var watched = await CreateAsync(api, "practice/shop/product.html?id=airpods-pro-2", "live-view-demo");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(o.Url, "login").ToString());
        await ShootAsync(page, o, "login");

        await page.GotoAsync(new Uri(o.Url, $"login?t={Uri.EscapeDataString(o.Token)}").ToString());
        await page.WaitForSelectorAsync("[data-testid=live-count]");
        await page.WaitForTimeoutAsync(1500);
        await ShootAsync(page, o, "sessions");

        await page.GotoAsync(new Uri(o.Url, $"sessions/{shop}").ToString());
        await page.WaitForSelectorAsync(".step-item");
        await page.WaitForTimeoutAsync(1500);
        await ShootAsync(page, o, "session-detail");

        await page.GotoAsync(new Uri(o.Url, $"sessions/{catalog}").ToString());
        await page.WaitForSelectorAsync(".schema-editor .monaco-editor");
        await page.GetByLabel("render_js").CheckAsync();
        await page.ClickAsync("[data-testid=retrieve-run]");
        await page.WaitForSelectorAsync("[data-testid=retrieve-grid]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        await page.Locator("[data-testid=retrieve-run]").ScrollIntoViewIfNeededAsync();
        await page.EvaluateAsync("() => window.scrollBy(0, 300)");
        await page.WaitForTimeoutAsync(800);
        await ShootAsync(page, o, "session-retrieve");

        await page.GotoAsync(new Uri(o.Url, $"sessions/{watched}").ToString());
        await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-testid=live-canvas]')?.dataset.frames || 0) > 0");
        await page.WaitForTimeoutAsync(1500);
        await ShootAsync(page, o, "session-live");

        await page.GotoAsync(o.Url.ToString());
        await page.WaitForSelectorAsync($".session-row[data-session-id='{stuck}'][data-attention=true]");
        await page.ClickAsync("[data-testid=attention-count]");
        await page.WaitForTimeoutAsync(1000);
        await ShootAsync(page, o, "sessions-attention");

        await page.GotoAsync(new Uri(o.Url, "events").ToString());
        await page.WaitForSelectorAsync(".event-row");
        await ShootAsync(page, o, "events");

        await page.GotoAsync(new Uri(o.Url, "overview").ToString());
        await page.WaitForSelectorAsync("[data-testid=engine-health]");
        await page.WaitForTimeoutAsync(1500);
        await ShootAsync(page, o, "overview");

        await page.GotoAsync(new Uri(o.Url, "keys").ToString());
        await page.WaitForSelectorAsync("[data-testid=keys-table]");
        await ShootAsync(page, o, "keys");

        await page.GotoAsync(o.Url.ToString());
        await page.WaitForSelectorAsync("[data-testid=live-count]");
        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForTimeoutAsync(800);
        await ShootAsync(page, o, "sessions-light");
        await page.ClickAsync("[data-testid=theme-toggle]");
    }

    private static async Task<string> CreateAsync(HttpClient api, string path, string holder)
    {
        using var response = await api.PostAsJsonAsync("v1/web/session",
            new { url = new Uri(api.BaseAddress!, path).ToString(), optional_params = new { holder } });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("session_id").GetString()!;
    }

    private static async Task StepAsync(HttpClient api, string session, string cmd)
    {
        using var response = await api.PostAsJsonAsync($"v1/web/session/{session}", new { cmd, include_screenshot = true });
        Console.WriteLine($"{session} {cmd}: {(int)response.StatusCode}");
    }

    private static async Task ShootAsync(IPage page, Args o, string name)
    {
        var path = Path.Combine(o.Out, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        Console.WriteLine("wrote " + path);
    }
}
