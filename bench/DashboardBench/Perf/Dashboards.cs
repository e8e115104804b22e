using System.Text.Json;
using Microsoft.Playwright;

namespace DashboardBench.Perf;

/// <summary>A change the page showed: a row's step count (sessions page) or a new event row (events page).</summary>
internal readonly record struct ScreenChange(string Key, string Value, double AtMs);

/// <summary>One open of the sessions page: in-page time from navigation start to the first grid rows, and wall time here.</summary>
/// <summary>
/// One open of the sessions page: in-page time from navigation start to the first grid rows; to
/// DOMContentLoaded (the document and its scripts, Monaco's included, fetched and run); the bytes of
/// script fetched over the network (0 when cached); wall time seen here.
/// </summary>
internal readonly record struct RenderRun(double BrowserMs, double DomContentLoadedMs, double ScriptKib, double WallMs, string Shown);

/// <summary>
/// Dashboards in real Chromium (Playwright), each in its own browser context (its own window, cookie
/// jar, cache and Blazor circuit), signed in with the cookie the login link set.
/// </summary>
internal sealed class Dashboards : IAsyncDisposable
{
    /// <summary>Marks when the first session row appears in a document (performance.now(), ms from navigation start).</summary>
    private const string FirstRowsScript = """
        (() => {
          const obs = new MutationObserver(() => {
            if (window.__firstRowsAt === undefined && document.querySelector('.session-row')) {
              window.__firstRowsAt = performance.now();
              const shown = document.querySelector('[data-testid=shown-count]');
              window.__firstRowsShown = shown ? shown.textContent.trim() : '';
              obs.disconnect();
            }
          });
          obs.observe(document, { childList: true, subtree: true });
        })();
        """;

    /// <summary>
    /// Records, with performance.timeOrigin + performance.now() (the machine's wall clock), every change the
    /// page applies: on the sessions page each visible row's step count; on the events page each new
    /// event row (data-seq). Runs in the MutationObserver callback, i.e. when Blazor has applied the
    /// render batch to the DOM (the frame is painted right after).
    /// </summary>
    private const string ObserverScript = """
        (mode) => {
          const now = () => performance.timeOrigin + performance.now();
          const rec = window.__perf = { seen: new Map(), log: [] };
          const grid = document.querySelector(mode === 'sessions' ? '[data-testid=sessions-grid]' : '[data-testid=events-grid]');
          const stepsIdx = mode === 'sessions'
            ? [...grid.querySelectorAll('thead th')].findIndex(th => th.textContent.trim().startsWith('Steps')) : -1;
          const scan = () => {
            const t = now();
            if (mode === 'sessions') {
              for (const tr of grid.querySelectorAll('tbody tr')) {
                const row = tr.querySelector('.session-row');
                const cell = tr.children[stepsIdx];
                if (!row || !cell) continue;
                const id = row.dataset.sessionId, v = cell.textContent.trim();
                const prev = rec.seen.get(id);
                if (prev !== v) { rec.seen.set(id, v); if (prev !== undefined) rec.log.push([id, v, t]); }
              }
            } else {
              for (const el of grid.querySelectorAll('.event-row[data-seq]')) {
                const s = el.dataset.seq;
                if (!rec.seen.has(s)) { rec.seen.set(s, t); rec.log.push([s, '', t]); }
              }
            }
          };
          scan();
          rec.log.length = 0;
          new MutationObserver(scan).observe(grid, { subtree: true, childList: true, characterData: true, attributes: true,
            attributeFilter: ['data-seq', 'data-session-id'] });
          return stepsIdx;
        }
        """;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly Uri _baseUrl;
    private IReadOnlyList<BrowserContextCookiesResult> _cookies = [];

    private Dashboards(IPlaywright playwright, IBrowser browser, Uri baseUrl)
    {
        _playwright = playwright;
        _browser = browser;
        _baseUrl = baseUrl;
    }

    public static async Task<Dashboards> LaunchAsync(Uri baseUrl, string loginToken)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var dashboards = new Dashboards(playwright, browser, baseUrl);
        // Sign in once with the login link (landing on a light page), keep the cookie for every dashboard.
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(baseUrl, $"login?t={Uri.EscapeDataString(loginToken)}&ReturnUrl=%2Fkeys").ToString());
        await page.WaitForSelectorAsync("[data-testid=keys-table]", new PageWaitForSelectorOptions { Timeout = 120_000 });
        dashboards._cookies = await context.CookiesAsync();
        await LeaveAsync(page);
        return dashboards;
    }

    /// <summary>A fresh signed-in window (empty cache) at 1440×900.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await context.AddCookiesAsync(_cookies.Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Expires = c.Expires, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite,
        }));
        await context.AddInitScriptAsync(FirstRowsScript);
        return await context.NewPageAsync();
    }

    /// <summary>Navigates to the sessions page and waits until the grid shows rows.</summary>
    public async Task<RenderRun> OpenSessionsAsync(IPage page)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await page.GotoAsync(_baseUrl.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 });
        await page.WaitForFunctionAsync("() => window.__firstRowsAt !== undefined", null,
            new PageWaitForFunctionOptions { Timeout = 120_000, PollingInterval = 20 });
        var wall = started.Elapsed.TotalMilliseconds;
        var r = await page.EvaluateAsync<JsonElement>("""
            () => ({
              at: window.__firstRowsAt,
              shown: window.__firstRowsShown,
              dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? 0,
              script: performance.getEntriesByType('resource').filter(e => e.initiatorType === 'script').reduce((n, e) => n + (e.encodedBodySize || 0), 0),
            })
            """);
        return new RenderRun(r.GetProperty("at").GetDouble(), r.GetProperty("dcl").GetDouble(), r.GetProperty("script").GetDouble() / 1024, wall,
            r.GetProperty("shown").GetString() ?? "");
    }

    public async Task OpenEventsAsync(IPage page)
    {
        await page.GotoAsync(new Uri(_baseUrl, "events").ToString(), new PageGotoOptions { Timeout = 120_000 });
        await page.WaitForSelectorAsync(".event-row", new PageWaitForSelectorOptions { Timeout = 120_000 });
    }

    /// <summary>Starts recording changes; <paramref name="mode"/> is <c>sessions</c> or <c>events</c>.</summary>
    public static async Task InstallObserverAsync(IPage page, string mode)
    {
        var index = await page.EvaluateAsync<int>(ObserverScript, mode);
        if (mode == "sessions" && index < 0)
        {
            throw new InvalidOperationException("no Steps column in the sessions grid");
        }
    }

    /// <summary>What the page recorded since the last call.</summary>
    public static async Task<List<ScreenChange>> TakeChangesAsync(IPage page)
    {
        var log = await page.EvaluateAsync<JsonElement>("() => { const l = window.__perf.log; window.__perf.log = []; return l; }");
        return log.EnumerateArray().Select(x => new ScreenChange(x[0].GetString()!, x[1].GetString()!, x[2].GetDouble())).ToList();
    }

    /// <summary>The page's clock minus this process's clock, from the evaluation with the shortest round trip.</summary>
    public static async Task<(double OffsetMs, double RoundTripMs)> ClockOffsetAsync(IPage page)
    {
        var best = (Offset: 0.0, Rtt: double.MaxValue);
        for (var i = 0; i < 7; i++)
        {
            var before = Clock.NowMs();
            var browser = await page.EvaluateAsync<double>("() => performance.timeOrigin + performance.now()");
            var after = Clock.NowMs();
            if (after - before < best.Rtt)
            {
                best = (browser - ((before + after) / 2), after - before);
            }
        }
        return best;
    }

    /// <summary>
    /// Leaves the page the way a user does: Blazor's pagehide handler posts <c>_blazor/disconnect</c>, so
    /// the server ends the circuit at once instead of keeping it for the disconnected-circuit retention
    /// period (a lingering circuit would keep applying events and skew the next window). Then closes the
    /// window. Answers whether that post was seen.
    /// </summary>
    public static async Task<bool> LeaveAsync(IPage page)
    {
        var disconnected = false;
        void OnRequest(object? sender, IRequest request)
        {
            if (request.Url.Contains("_blazor/disconnect", StringComparison.Ordinal))
            {
                disconnected = true;
            }
        }
        page.Context.Request += OnRequest;
        try
        {
            // What pagehide does, called while the page is alive so that the post is observable here
            // (a beacon sent from an unloading document is not reported to Playwright).
            await page.EvaluateAsync("() => { if (window.Blazor && typeof window.Blazor.disconnect === 'function') window.Blazor.disconnect(); }");
            for (var i = 0; i < 20 && !disconnected; i++)
            {
                await Task.Delay(100);
            }
            await page.GotoAsync("about:blank");
            return disconnected;
        }
        finally
        {
            page.Context.Request -= OnRequest;
            await page.Context.CloseAsync();
        }
    }

    /// <summary>The largest scripts the page fetched over the network: name, KiB (encoded), ms.</summary>
    public static async Task<string> LargestScriptsAsync(IPage page)
    {
        var list = await page.EvaluateAsync<string>("""
            () => performance.getEntriesByType('resource').filter(e => e.initiatorType === 'script')
              .sort((a, b) => b.encodedBodySize - a.encodedBodySize).slice(0, 4)
              .map(e => `${e.name.split('/').pop().split('?')[0]} ${Math.round(e.encodedBodySize / 1024)} KiB ${Math.round(e.duration)} ms`).join(', ')
            """);
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
