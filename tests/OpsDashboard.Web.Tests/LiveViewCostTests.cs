using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsDashboard.Web.LiveView;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>Gateway with a low frame cap, so that the cap is what limits a page that repaints all the time.</summary>
public sealed class LowFrameCapFixture : GatewayFixture
{
    public const int Cap = 2;

    protected override Dictionary<string, string?> Settings => new() { ["Ops:LiveViewMaxFps"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}

/// <summary>
/// What watching costs, as the gateway bounds it: the screencast of a page that repaints on every frame
/// sends no more than <c>Ops:LiveViewMaxFps</c> frames a second (Chromium paints ~60 a second uncapped),
/// the totals reach <c>/metrics</c>, and a setting out of range stops the gateway at start saying so.
/// </summary>
public class LiveViewCostTests(LowFrameCapFixture fixture) : IClassFixture<LowFrameCapFixture>
{
    [Fact]
    public async Task AMovingPage_SendsAtMostTheCappedFramesPerSecond_AndTheTotalsReachMetrics()
    {
        using var client = fixture.Client();
        var id = await client.OpenSessionAsync(fixture.Factory.BaseAddress + "practice/board/?motion=1");
        var live = fixture.Factory.Services.GetRequiredService<LiveViewService>();
        await using var viewer = await live.WatchAsync(id, CancellationToken.None);
        Assert.NotNull(viewer);

        // The first frame, then count what arrives in a few seconds. The bound can only be met more
        // easily on a slow machine (fewer frames painted), never less.
        using var first = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await viewer!.Frames.ReadAsync(first.Token);
        var seconds = 4.0;
        var counted = 0;
        using var window = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (true)
            {
                await viewer.Frames.ReadAsync(window.Token);
                counted++;
            }
        }
        catch (OperationCanceledException)
        {
        }
        // One interval of slack at each end of the window.
        Assert.True(counted <= LowFrameCapFixture.Cap * seconds + 2, $"{counted} frames in {seconds} s with Ops:LiveViewMaxFps={LowFrameCapFixture.Cap}");
        Assert.True(counted >= 1, "no frame of a page whose bars move on every frame");

        var stats = live.StatsOf(id);
        Assert.NotNull(stats);
        // The exporter answers a scrape from a short-lived cache: ask again until this view's frames are counted.
        var metrics = "";
        for (var i = 0; i < 50 && !System.Text.RegularExpressions.Regex.IsMatch(metrics, @"opsdash_live_view_bytes[a-z_]*(\{[^}]*\})? [1-9]"); i++)
        {
            await Task.Delay(i == 0 ? 0 : 200);
            metrics = await client.GetStringAsync("/metrics");
        }
        Assert.Contains("opsdash_live_view_watched", metrics);
        Assert.Matches(@"opsdash_live_view_frames_total(\{[^}]*\})? [1-9]", metrics);
        Assert.Matches(@"opsdash_live_view_bytes[a-z_]*(\{[^}]*\})? [1-9]", metrics);
    }

    [Fact]
    public void ASettingOutOfRange_StopsTheGatewayAtStart_NamingTheKeyTheValueAndTheRange()
    {
        using var factory = new GatewayFactory(new() { ["Ops:LiveViewMaxFps"] = "0", ["Ops:ThumbnailQuality"] = "150" });
        var ex = Assert.ThrowsAny<Exception>(() => factory.Start());
        var validation = ex as OptionsValidationException ?? ex.InnerException as OptionsValidationException ?? ex.GetBaseException() as OptionsValidationException;
        Assert.True(validation is not null, "not a validation failure: " + ex);
        Assert.Contains("Ops:LiveViewMaxFps is 0: use a whole number from 1 to 60", validation!.Message);
        Assert.Contains("Ops:ThumbnailQuality is 150: use a JPEG quality from 1 to 100", validation.Message);
    }
}
