using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Web.Sessions;
using Xunit.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Web.Engine;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>A killed browser, a restarted gateway, a missing browser: nothing recorded is lost.</summary>
public sealed class ResilienceTests(ITestOutputHelper output)
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
    public async Task Restart_WithRestoreSessionsOnStartOff_EndsLiveSessionsAsFailedGatewayRestarted_AndKeepsAllHistoryReadable()
    {
        await using var site = await TestSite.StartAsync();
        var dataDir = Path.Combine(Path.GetTempPath(), "opsdash-tests", Guid.NewGuid().ToString("N"));
        var off = new Dictionary<string, string?> { ["Ops:RestoreSessionsOnStart"] = "false" };
        string id;
        await using (var first = new GatewayFactory(off, dataDirectory: dataDir))
        {
            first.Start();
            var client = first.Client();
            (_, var created) = await client.PostJsonAsync("/v1/web/session", new { url = site.Url("/") });
            id = created.Str("session_id");
            await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Next page\"" });
        }
        // Stopping records nothing about live sessions (as after a crash): the next start must.
        await using var second = new GatewayFactory(off, dataDirectory: dataDir);
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
    public async Task Restart_MidWorkflow_TheSameSessionComesBack_SignedInWithItsCart_TheLeaseKeepsItsTimes_AndTheNextStepWorks()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "opsdash-tests", Guid.NewGuid().ToString("N"));
        // The same origin after the restart: the cart lives in the shop's localStorage, which is per origin.
        var port = GatewayFactory.FreePort();
        string id;
        JsonElement before;
        await using (var first = new GatewayFactory(dataDirectory: dataDir, port: port))
        {
            first.Start();
            var client = first.Client();
            var shop = new Uri(first.BaseAddress, "/practice/shop/").ToString();
            id = await client.OpenSessionAsync(shop);
            await Step(client, id, "Log in using the saved browser profile if available, search for 'AirPods Pro', and open the first product page.");
            await Step(client, id, "Add this item to the cart");
            (_, before) = await client.GetJsonAsync($"/api/sessions/{id}");
            // The state is saved just after each answer: wait for the last one.
            Assert.True(first.Services.GetRequiredService<LiveSessions>().TryGet(id, out var live));
            await live.AfterAnswerSettled();
            var saves = first.Services.GetRequiredService<SessionService>().StateSaves;
            output.WriteLine($"State saves: {saves.Count}, mean {saves.Mean.TotalMilliseconds:0.0} ms, max {saves.Max.TotalMilliseconds:0.0} ms, last {saves.LastBytes} bytes");
            Assert.True(saves.Count >= 3);
        }
        // The process stops without ending its sessions (as when it is killed), and starts again on the same data.
        await using var second = new GatewayFactory(dataDirectory: dataDir, port: port);
        second.Start();
        var client2 = second.Client();

        var (status, detail) = await client2.GetJsonAsync($"/api/sessions/{id}");
        Assert.Equal(200, status);
        Assert.Contains(detail.Str("status"), new[] { "idle", "busy" });
        Assert.Equal(before.GetProperty("lease_expires_at").GetString(), detail.GetProperty("lease_expires_at").GetString());
        Assert.Equal(before.GetProperty("created_at").GetString(), detail.GetProperty("created_at").GetString());
        Assert.Contains(id, (await client2.GetJsonAsync("/v1/web/sessions")).Body.GetRawText());

        var cart = await Step(client2, id, "navigate to the cart page");
        Assert.Contains("/practice/shop/cart.html", cart.Str("url"));
        var (_, page) = await client2.PostJsonAsync("/v1/web/retrieve", new { cmd = "cart", session_id = id, format = "markdown", render_js = true });
        Assert.Contains("AirPods Pro (2nd generation)", page.Str("message"));
        var login = await Step(client2, id, "log in if necessary");
        Assert.Contains("already signed in", login.Str("message"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("signin.html", login.Str("url"));
        var checkout = await Step(client2, id, "Proceed to checkout, confirm the existing shipping address, and stop when you reach the payment selection page. Do not place the order.");
        Assert.Contains("/checkout/payment.html", checkout.Str("url"));

        var (_, steps) = await client2.GetJsonAsync($"/api/sessions/{id}/steps");
        var restore = steps.EnumerateArray().Single(s => s.Str("kind") == "restore");
        Assert.Equal("restored after restart", restore.Str("cmd"));
        Assert.Contains("Restored after restart", restore.Str("message"));
        Assert.Contains("Not restored: anything typed into a form but not submitted", restore.Str("message"));
        var seqs = steps.EnumerateArray().Select(s => s.GetProperty("seq").GetInt32()).ToList();
        Assert.Equal(seqs.Distinct().Count(), seqs.Count);
    }

    [Fact]
    public async Task Restart_ASessionWhoseLeaseRanOutWhileDown_EndsFailedWithTheReason()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "opsdash-tests", Guid.NewGuid().ToString("N"));
        string id;
        await using (var first = new GatewayFactory(dataDirectory: dataDir))
        {
            first.Start();
            id = await first.Client().OpenSessionAsync(new Uri(first.BaseAddress, "/practice/").ToString());
        }
        await using var second = new GatewayFactory(dataDirectory: dataDir, clock: new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(1)));
        second.Start();

        var (_, detail) = await second.Client().GetJsonAsync($"/api/sessions/{id}");
        Assert.Equal("failed", detail.Str("status"));
        Assert.Contains("lease had run out", detail.Str("end_reason"));
    }

    private static async Task<JsonElement> Step(HttpClient client, string id, string cmd)
    {
        var (status, json) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd });
        Assert.True(status == 200 && json.Str("status") is "DONE" or "CONTINUE", $"{cmd} → HTTP {status}: {json}");
        return json;
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
