using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Web.Engine;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>A killed browser, a restarted gateway, a missing browser: nothing recorded is lost.</summary>
public sealed class ResilienceTests
{
    [Fact]
    public async Task KillingChromiumMidSession_FailsItsSessionsWithAReason_AndANewSessionWorks()
    {
        await using var site = await TestSite.StartAsync();
        await using var factory = new GatewayFactory();
        factory.Start();
        var client = factory.Client();
        var (_, created) = await client.PostJsonAsync("/v1/web/session", new { url = site.Url("/") });
        var id = created.Str("session_id");
        await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Next page\"" });
        var engine = factory.Services.GetRequiredService<LocalBrowserEngine>();
        var pid = engine.BrowserProcessId;
        Assert.NotNull(pid);

        Process.GetProcessById(pid.Value).Kill();

        string status = "";
        for (var i = 0; i < 100 && status != "failed"; i++)
        {
            await Task.Delay(100);
            status = (await client.GetJsonAsync($"/api/sessions/{id}")).Body.Str("status");
        }
        Assert.Equal("failed", status);
        var (_, detail) = await client.GetJsonAsync($"/api/sessions/{id}");
        Assert.Contains("browser process exited", detail.Str("end_reason"));
        var (_, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
        Assert.Equal(2, steps.GetArrayLength());
        var (stepStatus, stepJson) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down" });
        Assert.Equal(404, stepStatus);
        Assert.Contains("failed", stepJson.Str("message"));

        var created2 = 0;
        for (var i = 0; i < 60 && created2 != 200; i++)
        {
            (created2, _) = await client.PostJsonAsync("/v1/web/session", new { url = site.Url("/") });
            if (created2 != 200)
            {
                await Task.Delay(250);
            }
        }
        Assert.Equal(200, created2);
        Assert.NotEqual(pid, engine.BrowserProcessId);
    }

    [Fact]
    public async Task Restart_EndsLiveSessionsAsFailedGatewayRestarted_AndKeepsAllHistoryReadable()
    {
        await using var site = await TestSite.StartAsync();
        var dataDir = Path.Combine(Path.GetTempPath(), "opsdash-tests", Guid.NewGuid().ToString("N"));
        string id;
        await using (var first = new GatewayFactory(dataDirectory: dataDir))
        {
            first.Start();
            var client = first.Client();
            (_, var created) = await client.PostJsonAsync("/v1/web/session", new { url = site.Url("/") });
            id = created.Str("session_id");
            await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Next page\"" });
        }
        // Stopping records nothing about live sessions (as after a crash): the next start must.
        await using var second = new GatewayFactory(dataDirectory: dataDir);
        second.Start();
        var client2 = second.Client();
        var (status, detail) = await client2.GetJsonAsync($"/api/sessions/{id}");

        Assert.Equal(200, status);
        Assert.Equal("failed", detail.Str("status"));
        Assert.Equal("gateway restarted", detail.Str("end_reason"));
        var (_, steps) = await client2.GetJsonAsync($"/api/sessions/{id}/steps");
        Assert.Equal(2, steps.GetArrayLength());
        var (stepStatus, json) = await client2.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down" });
        Assert.Equal(404, stepStatus);
        Assert.Contains("gateway restarted", json.Str("message"));
    }

    [Fact]
    public async Task NoBrowserInstalled_TheAppStarts_AndSessionCallsAnswer503WithHowToInstallOne()
    {
        await using var factory = new GatewayFactory(new() { ["Ops:ChromiumPath"] = "/nonexistent/chromium" });
        factory.Start();
        var client = factory.Client();

        var (status, json) = await client.PostJsonAsync("/v1/web/session", new { url = "http://127.0.0.1:1/" });
        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(503, status);
        Assert.Contains("apt-get install -y chromium", json.Str("message"));
        Assert.Equal(200, (int)live.StatusCode);
        Assert.Equal(503, (int)ready.StatusCode);
        Assert.Contains("/nonexistent/chromium", await ready.Content.ReadAsStringAsync());
    }
}
