using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpsDashboard.Core.Engine;
using OpsDashboard.Web.LiveView;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests.Dashboard;

/// <summary>
/// The session page's live view in a real browser: frames of the session's page arrive on the
/// canvas and follow the page as it changes; an operator who takes control clicks a button on the
/// practice shop through the canvas, the click reaches the page and is recorded as a manual step;
/// meanwhile API steps answer 409 naming the holder, and a second operator only watches.
/// </summary>
public class LiveViewEndToEndTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private const string Frames = "[data-testid=live-canvas]";

    private static Task<int> FrameSeqAsync(IPage page) =>
        page.EvalOnSelectorAsync<int>(Frames, "c => Number(c.dataset.seq || 0)");

    [Fact]
    public async Task LiveView_ShowsFramesOfThePage_FollowsItsChanges_AndStopsWhenNobodyWatches()
    {
        using var client = fixture.Client();
        var id = await client.OpenSessionAsync(fixture.Factory.BaseAddress + "practice/shop/");
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}sessions/{id}");

        // The first frame: a still of the page as it is.
        await page.WaitForFunctionAsync($"() => Number(document.querySelector('{Frames}')?.dataset.frames || 0) > 0");
        var width = await page.EvalOnSelectorAsync<int>(Frames, "c => c.width");
        Assert.InRange(width, 320, 1280);
        var before = await FrameSeqAsync(page);

        // The page changes (an API step scrolls it): a new frame arrives without a reload.
        var (status, body) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down" });
        Assert.True(status == 200, body.ToString());
        await NewFrameAsync(page, id, before);
        await page.WaitForSelectorAsync("[data-testid=live-stats]");

        var live = fixture.Factory.Services.GetRequiredService<LiveViewService>();
        Assert.NotNull(live.StatsOf(id));
        // The viewer leaves the page (as an operator does), so Blazor ends the circuit now; a context
        // closed abruptly leaves the circuit in its disconnected-retention period (3 min) instead.
        await page.GotoAsync("about:blank");
        await page.Context.CloseAsync();
        // The last viewer left: the screencast stops (nothing runs for an unwatched session).
        await WaitUntilAsync(() => live.StatsOf(id) is null, "the screencast to stop after the last viewer left");
    }

    // Open bug, not a slow machine: with two viewers attached, taking control sometimes never shows as
    // taken in one of the tabs (once the taker's: no holder, no refusal, 90 s; once the watcher's), while
    // it passes when run alone. Skipped so the suite stays green while the cause is found; see README
    // "Not done yet". On a timeout the test says what the circuit and the server saw.
    [Fact]
    public async Task TakeControl_ClickReachesThePage_IsRecordedAsAManualStep_ApiStepsGet409_AndASecondOperatorOnlyWatches()
    {
        using var client = fixture.Client();
        var productUrl = fixture.Factory.BaseAddress + "practice/shop/product.html?id=airpods-pro-2";
        var id = await client.OpenSessionAsync(productUrl);

        // Where "Add to Cart" sits in the session's 1280×800 viewport: the same page laid out at the same size.
        var probe = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        await probe.GotoAsync(productUrl);
        var box = await (await probe.WaitForSelectorAsync("#add-to-cart"))!.BoundingBoxAsync();
        await probe.CloseAsync();
        Assert.NotNull(box);
        var (fx, fy) = ((box!.X + box.Width / 2) / 1280, (box.Y + box.Height / 2) / 800);

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}sessions/{id}");
        await page.WaitForFunctionAsync($"() => Number(document.querySelector('{Frames}')?.dataset.frames || 0) > 0");
        var watcher = await fixture.SignedInPageAsync();
        await watcher.GotoAsync($"{fixture.BaseUrl}sessions/{id}");
        await watcher.WaitForFunctionAsync($"() => Number(document.querySelector('{Frames}')?.dataset.frames || 0) > 0");

        await page.ClickAsync("[data-testid=take-control]:not([disabled])");
        try
        {
            await page.WaitForSelectorAsync("[data-testid=control-holder][data-mine=true]");
        }
        catch (TimeoutException ex)
        {
            var said = await page.QuerySelectorAsync("[data-testid=live-message]") is { } m ? await m.InnerTextAsync() : "(no message)";
            throw new TimeoutException($"taking control did not show this tab as the holder; the live view said: {said}; {await fixture.ExplainAsync(page)}", ex);
        }

        // Everyone watching sees who drives; the second operator cannot take control meanwhile.
        await watcher.WaitForSelectorAsync("[data-testid=control-holder][data-mine=false]");
        Assert.True(await watcher.IsDisabledAsync("[data-testid=take-control]"));

        // An API step meanwhile: 409 naming the holder, nothing run.
        var (status, refused) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down" });
        Assert.Equal(409, status);
        Assert.Contains("under manual control by", refused.Str("message"));

        // Input from anyone but the holder is dropped by the server.
        var control = fixture.Factory.Services.GetRequiredService<ControlLeases>();
        var dropped = control.Dropped;
        Assert.False(await control.PointerAsync(id, "tab-someone-else", new PointerInput("down", fx, fy), CancellationToken.None));
        Assert.Equal(dropped + 1, control.Dropped);

        // The holder clicks "Add to Cart" on the canvas.
        var canvas = await (await page.QuerySelectorAsync(Frames))!.BoundingBoxAsync();
        var seq = await FrameSeqAsync(page);
        await page.Mouse.ClickAsync((float)(canvas!.X + fx * canvas.Width), (float)(canvas.Y + fy * canvas.Height));
        // The page repaints with its "Added to cart" notice.
        await NewFrameAsync(page, id, seq);

        await page.ClickAsync("[data-testid=release-control]");
        await watcher.WaitForSelectorAsync("[data-testid=take-control]:not([disabled])");

        var manual = await WaitForManualStepAsync(client, id);
        Assert.Equal("DONE", manual.Str("status"));
        Assert.Contains("1 click", manual.Str("message"));
        Assert.Contains("released by the operator", manual.Str("message"));
        // It is in the timeline of both pages.
        await page.WaitForSelectorAsync($".step-item[data-seq='{manual.GetProperty("seq").GetInt32()}'][data-status='DONE']");

        // The click reached the page: the product is in the cart the shop keeps in the session's localStorage.
        var state = await fixture.Factory.Services.GetRequiredService<ISessionEngine>().ExportStateAsync(id, CancellationToken.None);
        var cart = JsonDocument.Parse(state).RootElement.GetProperty("origins").EnumerateArray()
            .SelectMany(o => o.TryGetProperty("localStorage", out var ls) ? ls.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .FirstOrDefault(e => e.Str("name") == "practice_shop_cart");
        Assert.True(cart.ValueKind == JsonValueKind.Object, "the shop's cart is not in the session's localStorage: " + state);
        Assert.Contains("airpods-pro-2", cart.Str("value"));

        // Control released: API steps run again.
        (status, _) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down" });
        Assert.Equal(200, status);
        await page.Context.CloseAsync();
        await watcher.Context.CloseAsync();
    }

    /// <summary>Waits for a frame newer than <paramref name="before"/> on the canvas; on timeout says whether the server published one.</summary>
    private async Task NewFrameAsync(IPage page, string id, int before)
    {
        try
        {
            await page.WaitForFunctionAsync($"before => Number(document.querySelector('{Frames}').dataset.seq) > before", before);
        }
        catch (TimeoutException ex)
        {
            var published = fixture.Factory.Services.GetRequiredService<LiveViewService>().StatsOf(id)?.Frames.ToString() ?? "(no feed)";
            var drawn = await page.EvalOnSelectorAsync<string>(Frames, "c => `frames drawn ${c.dataset.frames}, last seq ${c.dataset.seq}`");
            throw new TimeoutException($"no frame after seq {before}: the server published {published} frames; {drawn}; {await fixture.ExplainAsync(page)}", ex);
        }
    }

    private static async Task<JsonElement> WaitForManualStepAsync(HttpClient client, string id)
    {
        for (var i = 0; i < 300; i++)
        {
            var (_, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
            foreach (var s in steps.EnumerateArray())
            {
                if (s.Str("kind") == "manual" && s.Str("status") != "running")
                {
                    return s;
                }
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"No finished manual step in session {id} after 60 s.");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(200);
        }
        Assert.True(condition(), $"Timed out waiting for {what}.");
    }
}
