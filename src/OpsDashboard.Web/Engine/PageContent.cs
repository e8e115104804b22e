using Microsoft.Playwright;

namespace OpsDashboard.Web.Engine;

/// <summary>
/// Waiting for a page's scripted content before reading it, and scrolling to the end of a page that
/// loads more as it is scrolled (infinite lists). The scrolling is shared by the
/// agent ("scroll until no more items load") and retrieve's <c>scroll_to_bottom</c>. Growth is the
/// document's height or its element count; both callers bound it in time and rounds.
/// </summary>
public static class PageContent
{
    /// <summary>Scrolls the window to the end of the document.</summary>
    public const string ScrollToBottom = "window.scrollTo(0, document.documentElement.scrollHeight)";

    private const string Measure =
        "() => document.documentElement.scrollHeight * 100000 + document.getElementsByTagName('*').length";

    /// <summary>
    /// Scrolls to the bottom, waits <paramref name="pause"/> for more to load, and repeats until the page
    /// did not grow for <paramref name="quietRounds"/> rounds in a row, <paramref name="maxRounds"/> rounds
    /// ran or <paramref name="budget"/> is spent. Returns how many rounds made the page grow.
    /// </summary>
    public static async Task<int> UntilItStopsGrowingAsync(IPage page, TimeSpan budget, int maxRounds, TimeSpan pause, int quietRounds, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + budget;
        var last = await page.EvaluateAsync<double>(Measure);
        var grew = 0;
        var quiet = 0;
        for (var i = 0; i < maxRounds && quiet < quietRounds && DateTime.UtcNow < deadline; i++)
        {
            ct.ThrowIfCancellationRequested();
            await page.EvaluateAsync(ScrollToBottom);
            await page.WaitForTimeoutAsync((float)pause.TotalMilliseconds);
            var now = await page.EvaluateAsync<double>(Measure);
            if (now > last)
            {
                grew++;
                quiet = 0;
                last = now;
            }
            else
            {
                quiet++;
            }
        }
        return grew;
    }

    private const string SettleScript = """
        ([quietMs, maxMs]) => new Promise(resolve => {
          let timer = setTimeout(done, quietMs);
          const cap = setTimeout(done, maxMs);
          const mo = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, quietMs); });
          mo.observe(document, { subtree: true, childList: true, characterData: true });
          function done() { mo.disconnect(); clearTimeout(timer); clearTimeout(cap); resolve(true); }
        })
        """;

    /// <summary>
    /// How long ago the page last loaded anything: its own load event or the end of its latest
    /// fetched resource (0 while it is still loading). Measured from those events, not from when the
    /// navigation began, so a slow machine that answers a create late does not make a page whose
    /// list is still on its way look old.
    /// </summary>
    private const string QuietForScript = """
        () => {
          const nav = performance.getEntriesByType('navigation')[0];
          if (document.readyState !== 'complete' || !nav || !nav.loadEventEnd) return 0;
          let last = nav.loadEventEnd;
          for (const r of performance.getEntriesByType('resource')) if (r.responseEnd > last) last = r.responseEnd;
          return performance.now() - last;
        }
        """;

    /// <summary>
    /// A page opened moments ago often renders its content a little later (a list fetched after
    /// load): if the page loaded something within the last few seconds, wait until its network has
    /// been idle for half a second and its DOM quiet for a moment (both bounded). A page that has
    /// been quiet longer is read at once.
    /// </summary>
    public static async Task<bool> SettleIfFreshAsync(IPage page, CancellationToken ct)
    {
        if (await page.EvaluateAsync<double>(QuietForScript) > FreshFor.TotalMilliseconds)
        {
            return false;
        }
        try
        {
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle, new PageWaitForLoadStateOptions { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            // A page that keeps polling never goes idle: read what there is.
        }
        ct.ThrowIfCancellationRequested();
        await page.EvaluateAsync<bool>(SettleScript, new[] { 300, 2000 });
        return true;
    }

    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);
}
