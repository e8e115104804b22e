using System.Text.Json;
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
        var id = await client.OpenSessionAsync(fixture.Site.Url("/bands"));

        var (status, answer) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Blue band\"" });
        Assert.True(status == 200, answer.ToString());
        Assert.Equal("DONE", answer.Str("status"));
        Assert.True(!answer.TryGetProperty("screenshot", out var s) || string.IsNullOrEmpty(s.GetString()), "the answer has a screenshot nobody asked for");
        (status, answer) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"A button this page does not have\"" });
        Assert.Equal(200, status);
        Assert.NotEqual("DONE", answer.Str("status"));

        var (_, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
        var all = steps.EnumerateArray().ToList();
        Assert.All(all, step => Assert.False(string.IsNullOrEmpty(step.GetProperty("screenshot").GetString()), $"step {step.GetProperty("seq")} has no picture"));

        // The clicked step's thumbnail: a JPEG 480 pixels wide showing the blue band the page was scrolled to.
        var jpeg = await client.GetByteArrayAsync(all[1].Str("screenshot"));
        Assert.Equal((byte)0xFF, jpeg[0]);
        Assert.Equal((byte)0xD8, jpeg[1]);
        Assert.Equal(480, JpegWidth(jpeg));
        var (r, g, b) = await CentrePixelAsync(jpeg);
        Assert.True(b > 180 && r < 80 && g < 80, $"the thumbnail's centre is rgb({r},{g},{b}), not the blue band the viewport shows");
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
