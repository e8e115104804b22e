using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>Leases end on time, are renewed by steps and capped by the maximum lifetime (controllable clock).</summary>
public sealed class LeaseTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private GatewayFactory _factory = null!;
    private TestSite _site = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _factory = new GatewayFactory(new()
        {
            ["Ops:IdleTimeout"] = "00:10:00",
            ["Ops:MaxLifetime"] = "00:25:00",
        }, _clock);
        _factory.Start();
        _client = _factory.Client();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _site.DisposeAsync();
    }

    private Task<string> CreateAsync() => _client.OpenSessionAsync(_site.Url("/"));

    /// <summary>Moves the fake clock in sweeper-sized ticks, then waits (real time) for the sweeper to act.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        var tick = TimeSpan.FromMilliseconds(250);
        for (var moved = TimeSpan.Zero; moved < by; moved += tick)
        {
            _clock.Advance(by - moved < tick ? by - moved : tick);
        }
        await Task.Delay(150);
        _clock.Advance(tick);
    }

    private async Task<string> StatusAsync(string id)
    {
        var (_, json) = await _client.GetJsonAsync($"/api/sessions/{id}");
        return json.Str("status");
    }

    private async Task WaitForStatusAsync(string id, string status)
    {
        for (var i = 0; i < 40 && await StatusAsync(id) != status; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(100);
        }
        Assert.Equal(status, await StatusAsync(id));
    }

    [Fact]
    public async Task IdleLease_EndsWithinASecondOfExpiry_AndTheSessionAnswers404WithWhenAndWhy()
    {
        var id = await CreateAsync();

        await AdvanceAsync(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(58));
        Assert.Equal("idle", await StatusAsync(id));
        await AdvanceAsync(TimeSpan.FromSeconds(3));
        await WaitForStatusAsync(id, "expired");

        var (_, detail) = await _client.GetJsonAsync($"/api/sessions/{id}");
        var leaseEnd = detail.GetProperty("lease_expires_at").GetDateTimeOffset();
        var endedAt = detail.GetProperty("ended_at").GetDateTimeOffset();
        Assert.InRange((endedAt - leaseEnd).TotalSeconds, 0, 1);
        Assert.Contains("idle for 10 minutes", detail.Str("end_reason"));
        var (status, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down" });
        Assert.Equal(404, status);
        Assert.Contains("expired since", json.Str("message"));
        var (_, list) = await _client.GetJsonAsync("/v1/web/sessions");
        Assert.DoesNotContain(id, list.GetProperty("session_ids").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task EveryStep_RenewsTheLeaseFromItsOwnTime()
    {
        var id = await CreateAsync();
        await AdvanceAsync(TimeSpan.FromMinutes(8));

        var (status, _) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down" });
        Assert.Equal(200, status);
        await AdvanceAsync(TimeSpan.FromMinutes(8));

        Assert.Equal("idle", await StatusAsync(id));
        var (_, detail) = await _client.GetJsonAsync($"/api/sessions/{id}");
        Assert.True(detail.GetProperty("lease_expires_at").GetDateTimeOffset() > _clock.GetUtcNow());
        await AdvanceAsync(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(5));
        await WaitForStatusAsync(id, "expired");
    }

    [Fact]
    public async Task MaximumLifetime_EndsASessionEvenWhileItKeepsStepping()
    {
        var id = await CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            await AdvanceAsync(TimeSpan.FromMinutes(8));
            var (status, _) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down" });
            Assert.Equal(200, status);
        }

        await AdvanceAsync(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(5));

        await WaitForStatusAsync(id, "expired");
        var (_, detail) = await _client.GetJsonAsync($"/api/sessions/{id}");
        Assert.Contains("maximum lifetime of 25 minutes", detail.Str("end_reason"));
    }

    [Fact]
    public async Task RenewFromTheDashboardApi_ExtendsTheLease()
    {
        var id = await CreateAsync();
        await AdvanceAsync(TimeSpan.FromMinutes(9));

        var (status, renewed) = await _client.PostJsonAsync($"/api/sessions/{id}/renew", new { });
        await AdvanceAsync(TimeSpan.FromMinutes(9));

        Assert.Equal(200, status);
        Assert.Equal("idle", renewed.Str("status"));
        Assert.Equal("idle", await StatusAsync(id));
    }
}
