using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>Steps of one session are serialized (a concurrent one is refused); sessions run in parallel.</summary>
public sealed class ConcurrencyTests(GatewayFixture fx) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fx.Client();

    [Fact]
    public async Task TwoStepsAtOnceOnOneSession_ExactlyOneIsRefusedWith409()
    {
        var (_, created) = await _client.PostJsonAsync("/v1/web/session", new { url = fx.Site.Url("/") });
        var id = created.Str("session_id");

        // The first step opens a page that takes 1.5 s to answer, so the second arrives while it runs.
        var slow = _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = $"go to {fx.Site.Url("/slow")}" });
        await Task.Delay(300);
        var (secondStatus, second) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "scroll down" });
        var (firstStatus, first) = await slow;

        Assert.Equal(200, firstStatus);
        Assert.Equal("DONE", first.Str("status"));
        Assert.Equal(409, secondStatus);
        Assert.Equal("Conflict", second.Str("error"));
        Assert.Contains("one at a time", second.Str("message"));
        var (_, steps) = await _client.GetJsonAsync($"/api/sessions/{id}/steps");
        Assert.Single(steps.EnumerateArray(), s => s.Str("kind") == "step");
    }

    [Fact]
    public async Task TwentySessionsSteppingInParallel_RecordEveryStepExactlyOnce()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            var (status, json) = await _client.PostJsonAsync("/v1/web/session", new { url = fx.Site.Url("/") });
            Assert.True(status == 200, $"create answered {status}: {json}");
            return json.Str("session_id");
        }));

        var results = await Task.WhenAll(ids.Select(async id =>
        {
            var a = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Next page\"" });
            var b = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Back home\"" });
            return (id, a, b);
        }));

        Assert.All(results, r =>
        {
            Assert.Equal(200, r.a.Status);
            Assert.Equal(200, r.b.Status);
            Assert.Equal(fx.Site.Url("/next"), r.a.Body.Str("url"));
            Assert.Equal(fx.Site.Url("/"), r.b.Body.Str("url"));
        });
        var dbf = fx.Factory.Services.GetRequiredService<IDbContextFactory<OpsDbContext>>();
        await using var db = await dbf.CreateDbContextAsync();
        foreach (var id in ids)
        {
            var steps = await db.Steps.Where(s => s.SessionId == id && s.Kind == "step").OrderBy(s => s.Seq).ToListAsync();
            Assert.Equal([1, 2], steps.Select(s => s.Seq));
            Assert.All(steps, s => Assert.Equal("DONE", s.Status));
            var session = await db.Sessions.SingleAsync(s => s.Id == id);
            Assert.Equal(2, session.StepCount);
        }
        await Task.WhenAll(ids.Select(id => _client.DeleteAsync($"/v1/web/session/{id}")));
    }
}
