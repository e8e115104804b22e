using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests.Dashboard;

/// <summary>
/// Every step keeps a small JPEG of the page after it, whatever the client asked: the API still
/// answers a screenshot only when asked, but the history shows what the page looked like — of the
/// part the browser was scrolled to, failed steps included. <c>Ops:StepThumbnails=false</c> turns it off.
/// </summary>
public class StepThumbnailTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task ApiSteps_KeepAThumbnailOfTheScrolledViewport_FailedOnesToo_WithoutAddingOneToTheAnswer()
    {
        using var client = fixture.Client();
        var bus = fixture.Factory.Services.GetRequiredService<OpsEventBus>();
        var id = await client.OpenSessionAsync(fixture.Site.Url("/bands"));

        var (status, answer) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Blue band\"" });
        Assert.True(status == 200, answer.ToString());
        Assert.Equal("DONE", answer.Str("status"));
        Assert.True(!answer.TryGetProperty("screenshot", out var s) || string.IsNullOrEmpty(s.GetString()), "the answer has a screenshot nobody asked for");
        (status, answer) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"A button this page does not have\"" });
        Assert.Equal(200, status);
        Assert.NotEqual("DONE", answer.Str("status"));

        // The thumbnail is taken just after the answer: the last step's arrives a moment later, announced as step.picture.
        await WaitForPictureAsync(bus, id, 2);
        var (_, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
        var all = steps.EnumerateArray().ToList();
        Assert.All(all, step => Assert.False(string.IsNullOrEmpty(step.GetProperty("screenshot").GetString()), $"step {step.GetProperty("seq")} has no picture"));
        Assert.Equal([0, 1, 2], bus.Since(0).Where(e => e.SessionId == id && e.Kind == OpsEventKinds.StepPicture).Select(e => e.StepSeq!.Value).ToArray());

        // The clicked step's thumbnail: a JPEG 480 pixels wide showing the blue band the page was scrolled to.
        var jpeg = await client.GetByteArrayAsync(all[1].Str("screenshot"));
        Assert.Equal((byte)0xFF, jpeg[0]);
        Assert.Equal((byte)0xD8, jpeg[1]);
        Assert.Equal(480, JpegWidth(jpeg));
        var (r, g, b) = await CentrePixelAsync(jpeg);
        Assert.True(b > 180 && r < 80 && g < 80, $"the thumbnail's centre is rgb({r},{g},{b}), not the blue band the viewport shows");
    }

    [Fact]
    public async Task TheNextStep_SentTheMomentAnAnswerArrives_WaitsForThatStepsPicture_NeitherRefusedNorPhotographedInIt()
    {
        using var client = fixture.Client();
        var bus = fixture.Factory.Services.GetRequiredService<OpsEventBus>();
        var id = await client.OpenSessionAsync(fixture.Site.Url("/bands"));

        // Step 1 scrolls to the blue band; step 2, sent at once, scrolls back to the red top. Were step 1's thumbnail
        // taken while step 2 ran (or after), it would show red; a step refused because a picture is pending is a 409.
        var (status, answer) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Blue band\"" });
        Assert.True(status == 200 && answer.Str("status") == "DONE", answer.ToString());
        (status, answer) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll to the top" });
        Assert.True(status == 200 && answer.Str("status") == "DONE", answer.ToString());

        await WaitForPictureAsync(bus, id, 2);
        var (_, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
        var all = steps.EnumerateArray().ToList();
        var (r, g, b) = await CentrePixelAsync(await client.GetByteArrayAsync(all[1].Str("screenshot")));
        Assert.True(b > 180 && r < 80 && g < 80, $"step 1's thumbnail centre is rgb({r},{g},{b}): not the blue band step 1 left");
        (r, g, b) = await CentrePixelAsync(await client.GetByteArrayAsync(all[2].Str("screenshot")));
        Assert.True(r > 180 && g < 80 && b < 80, $"step 2's thumbnail centre is rgb({r},{g},{b}): not the red top step 2 left");
    }

    [Fact]
    public async Task ClosingRightAfterAnAnswer_KeepsThatStepsPicture()
    {
        using var client = fixture.Client();
        var id = await client.OpenSessionAsync(fixture.Site.Url("/bands"));
        var (status, answer) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Blue band\"" });
        Assert.True(status == 200 && answer.Str("status") == "DONE", answer.ToString());

        // The close waits for the picture queued after the answer, then ends the session: nothing is lost, nothing fails.
        var (closed, _) = await client.DeleteJsonAsync($"/v1/web/session/{id}");
        Assert.Equal(200, closed);
        var (_, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
        Assert.False(string.IsNullOrEmpty(steps.EnumerateArray().Last().GetProperty("screenshot").GetString()), "the last step before the close has no picture");
    }

    private static async Task WaitForPictureAsync(OpsEventBus bus, string sessionId, int stepSeq)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!bus.Since(0).Any(e => e.SessionId == sessionId && e.Kind == OpsEventKinds.StepPicture && e.StepSeq == stepSeq))
        {
            Assert.True(DateTime.UtcNow < until, $"step {stepSeq}'s picture was not announced within 30 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task WithThumbnailsOff_AStepKeepsNoPicture()
    {
        await using var factory = new GatewayFactory(new() { ["Ops:StepThumbnails"] = "false" });
        factory.Start();
        using var client = factory.Client(GatewayFactory.ApiKey);
        var id = await client.OpenSessionAsync(fixture.Site.Url("/bands"));
        var (status, _) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Blue band\"" });
        Assert.Equal(200, status);
        var (_, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
        Assert.All(steps.EnumerateArray(), step => Assert.Equal(JsonValueKind.Null, step.GetProperty("screenshot").ValueKind));
    }

    /// <summary>The width in a baseline or progressive JPEG's frame header.</summary>
    private static int JpegWidth(byte[] jpeg)
    {
        for (var i = 2; i + 9 < jpeg.Length;)
        {
            if (jpeg[i] != 0xFF)
            {
                i++;
                continue;
            }
            var marker = jpeg[i + 1];
            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (marker is 0xC0 or 0xC1 or 0xC2)
            {
                return (jpeg[i + 7] << 8) | jpeg[i + 8];
            }
            i += 2 + length;
        }
        throw new InvalidDataException("no JPEG frame header found");
    }

    /// <summary>The colour at the image's centre, decoded by Chromium.</summary>
    private async Task<(int R, int G, int B)> CentrePixelAsync(byte[] jpeg)
    {
        var page = await fixture.Browser.NewPageAsync();
        try
        {
            var rgb = await page.EvaluateAsync<int[]>("""
                async (src) => {
                  const img = new Image(); img.src = src; await img.decode();
                  const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
                  const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
                  const d = ctx.getImageData(img.width >> 1, img.height >> 1, 1, 1).data;
                  return [d[0], d[1], d[2]];
                }
                """, "data:image/jpeg;base64," + Convert.ToBase64String(jpeg));
            return (rgb[0], rgb[1], rgb[2]);
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
