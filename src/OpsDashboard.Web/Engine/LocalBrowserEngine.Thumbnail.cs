using System.Text.Json;
using Microsoft.Playwright;
using OpsDashboard.Core.Engine;

namespace OpsDashboard.Web.Engine;

/// <summary>
/// A step's thumbnail: <c>Page.captureScreenshot</c> of the visible viewport, scaled by the browser
/// itself to the asked width (the clip is in page coordinates, so the scroll offsets are added), as
/// JPEG. One DevTools session per page, opened on the first thumbnail and kept.
/// </summary>
public sealed partial class LocalBrowserEngine
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    public async Task<byte[]?> ThumbnailAsync(string sessionId, int width, int quality, CancellationToken ct)
    {
        var s = Get(sessionId);
        using var timed = OpsDashboard.Web.Diagnostics.StepPhases.Time("thumbnail");
        try
        {
            var cdp = s.Cdp ??= await s.Context.NewCDPSessionAsync(s.Page);
            // Bounded: a page caught mid-navigation may never answer, and a picture must not hold up the step.
            var metrics = await cdp.SendAsync("Page.getLayoutMetrics").WaitAsync(Bound, ct);
            var viewport = metrics!.Value.GetProperty("cssVisualViewport");
            double Read(string name) => viewport.GetProperty(name).GetDouble();
            var (cssWidth, cssHeight) = (Read("clientWidth"), Read("clientHeight"));
            if (cssWidth < 1 || cssHeight < 1)
            {
                return null;
            }
            var shot = await cdp.SendAsync("Page.captureScreenshot", new()
            {
                ["format"] = "jpeg",
                ["quality"] = Math.Clamp(quality, 1, 100),
                ["clip"] = new Dictionary<string, object>
                {
                    ["x"] = Read("pageX"),
                    ["y"] = Read("pageY"),
                    ["width"] = cssWidth,
                    ["height"] = cssHeight,
                    ["scale"] = Math.Clamp(width, 64, 4096) / cssWidth,
                },
            }).WaitAsync(Bound, ct);
            return Convert.FromBase64String(shot!.Value.GetProperty("data").GetString() ?? "");
        }
        catch (PlaywrightException ex)
        {
            DropThumbnailCdp(s);
            throw new EngineStepException($"The thumbnail could not be taken: {FirstLine(ex.Message)}", ex);
        }
        catch (TimeoutException ex)
        {
            DropThumbnailCdp(s);
            throw new EngineStepException($"The thumbnail could not be taken within {Bound.TotalSeconds:0} s (the page was busy).", ex);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or JsonException)
        {
            throw new EngineStepException($"The thumbnail could not be taken: the browser answered unexpectedly ({ex.Message}).", ex);
        }
    }

    /// <summary>
    /// Forgets a DevTools session that failed or did not answer, and detaches it in the background
    /// (a page that did not answer may not answer the detach either; it must not hold anyone up),
    /// so a stuck page does not collect one abandoned session per step.
    /// </summary>
    private static void DropThumbnailCdp(SessionPage s)
    {
        var old = s.Cdp;
        s.Cdp = null;
        if (old is not null)
        {
            _ = old.DetachAsync().WaitAsync(Bound).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        }
    }
}
