using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>Tenant quotas (402), node capacity (503 + Retry-After) and the per-key rate limit (429 + Retry-After).</summary>
public sealed class LimitsTests
{
    [Fact]
    public async Task TenantSessionQuota_Answers402_NamingTheQuotaAndHowItFrees()
    {
        await using var site = await TestSite.StartAsync();
        await using var factory = new GatewayFactory(new() { ["Ops:MaxConcurrentSessionsPerTenant"] = "1" });
        factory.Start();
        var client = factory.Client();
        var other = factory.Client(await factory.CreateKeyAsync("other"));

        var (first, created) = await client.PostJsonAsync("/v1/web/session", new { url = site.Url("/") });
        var (second, json) = await client.PostJsonAsync("/v1/web/session", new { url = site.Url("/") });
        var (otherTenant, _) = await other.PostJsonAsync("/v1/web/session", new { url = site.Url("/") });

        Assert.Equal(200, first);
        Assert.Equal(402, second);
        Assert.Equal(402, json.GetProperty("statusCode").GetInt32());
        Assert.Contains("at most 1 concurrent session and", json.Str("message"));
        Assert.Equal(200, otherTenant);
        await client.DeleteAsync($"/v1/web/session/{created.Str("session_id")}");
        var (third, _) = await client.PostJsonAsync("/v1/web/session", new { url = site.Url("/") });
        Assert.Equal(200, third);
    }

    [Fact]
    public async Task TenantStepQuota_Answers402_WithWhenItResets()
    {
        await using var site = await TestSite.StartAsync();
        await using var factory = new GatewayFactory(new() { ["Ops:MaxStepsPerPeriod"] = "2", ["Ops:QuotaPeriod"] = "01:00:00" });
        factory.Start();
        var client = factory.Client();
        var (_, created) = await client.PostJsonAsync("/v1/web/session", new { url = site.Url("/") });
        var id = created.Str("session_id");

        var (s1, _) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down" });
        var (s2, _) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down" });
        var (s3, json) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down" });

        Assert.Equal(200, s1);
        Assert.Equal(200, s2);
        Assert.Equal(402, s3);
        Assert.Contains("2 steps per 1 hour", json.Str("message"));
        Assert.Matches(@"resets at \d{4}-\d\d-\d\dT\d\d:00:00Z", json.Str("message"));
    }

    /// <summary>
    /// The step quota's check and count are one statement: steps of one tenant racing for its last steps (here six at
    /// once for three left, on six sessions) let exactly the quota through, whatever the database. The refused ones run
    /// nothing and leave no step row, and the period's usage holds exactly the quota.
    /// </summary>
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task TenantStepQuota_RacingSteps_LetExactlyTheQuotaThrough(string provider)
    {
        await using var site = await TestSite.StartAsync();
        var settings = new Dictionary<string, string?> { ["Ops:MaxStepsPerPeriod"] = "3", ["Ops:QuotaPeriod"] = "01:00:00" };
        if (provider == "postgres")
        {
            settings["Ops:Database:Provider"] = "postgres";
            settings["ConnectionStrings:OpsDb"] = TestServers.Shared.PostgresConnection();
        }
        await using var factory = new GatewayFactory(settings);
        factory.Start();
        var client = factory.Client();
        var sessions = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            sessions.Add(await client.OpenSessionAsync(site.Url("/")));
        }

        var answers = await Task.WhenAll(sessions.Select(id => client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down" })));

        Assert.Equal(3, answers.Count(a => a.Status == 200));
        Assert.Equal(3, answers.Count(a => a.Status == 402));
        Assert.All(answers.Where(a => a.Status == 402), a => Assert.Contains("3 steps per 1 hour", a.Body.Str("message")));
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync();
        Assert.Equal(3, await db.Steps.CountAsync(s => s.Kind == "step"));
        Assert.Equal(3, await db.Usage.SumAsync(u => u.Steps));
        // A refused session is left usable, not busy: it answers the quota again, not 409.
        var (again, _) = await client.PostJsonAsync($"/v1/web/session/{sessions[0]}", new { cmd = "scroll down" });
        Assert.Equal(402, again);
    }

    [Fact]
    public async Task NodeCapacity_Answers503WithRetryAfter()
    {
        await using var site = await TestSite.StartAsync();
        await using var factory = new GatewayFactory(new() { ["Ops:NodeCapacity"] = "1" });
        factory.Start();
        var client = factory.Client();

        var (first, _) = await client.PostJsonAsync("/v1/web/session", new { url = site.Url("/") });
        using var response = await client.PostAsync("/v1/web/session",
            new StringContent($"{{\"url\":\"{site.Url("/")}\"}}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(200, first);
        Assert.Equal(503, (int)response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("at capacity", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RateLimit_Answers429WithRetryAfter_InTheContractShape()
    {
        await using var factory = new GatewayFactory(new() { ["Ops:RateLimitPerSecond"] = "3" });
        factory.Start();
        var client = factory.Client();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.GetAsync("/v1/web/sessions")));

        var limited = responses.Where(r => (int)r.StatusCode == 429).ToList();
        Assert.NotEmpty(limited);
        Assert.Contains(responses, r => (int)r.StatusCode == 200);
        Assert.NotNull(limited[0].Headers.RetryAfter);
        Assert.Contains("\"statusCode\":429", await limited[0].Content.ReadAsStringAsync());
    }
}
