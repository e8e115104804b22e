using Microsoft.Playwright;

namespace OpsDashboard.Web.Engine;

/// <summary>
/// A page that never finishes loading (the server sends part of the document and stalls): the step
/// that waits for it ends at <c>Ops:ActionTimeout</c> with an error, and the load is stopped so the
/// session's next step is not held up by it.
/// </summary>
public static class PageLoad
{
    /// <summary>The error sentence: "The page … did not finish loading within 3 s."</summary>
    public static string NotLoaded(string url, TimeSpan timeout) =>
        $"The page {url} did not finish loading within {timeout.TotalSeconds:0.#} s (Ops:ActionTimeout); its loading was stopped and the session stays usable.";

    /// <summary>Stops the page's loading (as the browser's Stop button does); a page already gone is left alone.</summary>
    public static async Task StopAsync(IPage page)
    {
        try
        {
            await page.EvaluateAsync("() => window.stop()");
        }
        catch (PlaywrightException)
        {
        }
    }

    /// <summary>Waits until the document has been parsed; a stalled one is stopped and reported as a <see cref="TimeoutException"/>.</summary>
    public static async Task WaitForDocumentAsync(IPage page, TimeSpan timeout)
    {
        try
        {
            await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded, new PageWaitForLoadStateOptions { Timeout = (float)timeout.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            var url = page.Url;
            await StopAsync(page);
            throw new TimeoutException(NotLoaded(url, timeout));
        }
    }
}
