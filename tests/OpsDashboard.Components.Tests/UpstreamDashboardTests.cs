using Bunit;
using MudBlazor;
using OpsDashboard.Web.Components.Pages;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Upstream;

namespace OpsDashboard.Components.Tests;

/// <summary>What the dashboard shows of sessions on a hosted upstream: engine column and filter, billing errors, upstream calls, circuit state.</summary>
public class UpstreamDashboardTests : DashboardTestContext
{
    private UpstreamStatus Hosted(CircuitState state, string? failure = null, string? billing = null) =>
        new("hosted", "https://api.multion.ai/v1/web/", state, Start.AddMinutes(-3), failure, failure is null ? null : Start.AddMinutes(-3),
            billing, billing is null ? null : Start.AddMinutes(-1), 12, failure is null ? 0 : 4, state == CircuitState.Open ? Start.AddSeconds(30) : null);

    [Theory]
    [InlineData(CircuitState.Closed, "closed")]
    [InlineData(CircuitState.Open, "open")]
    [InlineData(CircuitState.HalfOpen, "half-open")]
    public void Overview_ShowsEachUpstreamsCircuitState_SinceWhen_AndLastFailure(CircuitState state, string shown)
    {
        Client.Upstreams.Add(Hosted(state, failure: state == CircuitState.Closed ? null : "500 Internal Server Error on POST /v1/web/session/up_1"));
        var cut = Render<Overview>();
        var card = cut.Find("[data-testid=upstream-hosted]");
        Assert.Equal(shown, card.GetAttribute("data-circuit"));
        Assert.Equal($"circuit {shown}", cut.Find("[data-testid=circuit-hosted]").TextContent.Trim());
        Assert.Contains(Start.AddMinutes(-3).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss"), cut.Find("[data-testid=circuit-since]").TextContent);
        if (state == CircuitState.Closed)
        {
            Assert.Equal("—", cut.Find("[data-testid=last-failure]").TextContent.Trim());
        }
        else
        {
            Assert.Contains("500 Internal Server Error on POST", cut.Find("[data-testid=last-failure]").TextContent);
        }
        Assert.Contains("12 / ", card.TextContent);
    }

    [Fact]
    public void Overview_ShowsTheUpstreamsBillingError()
    {
        Client.Upstreams.Add(Hosted(CircuitState.Closed, billing: "Billing error from upstream 'hosted' (402 Payment Required): credits exhausted"));
        var cut = Render<Overview>();
        Assert.Contains("credits exhausted", cut.Find("[data-testid=billing-hosted]").TextContent);
    }

    [Fact]
    public void Overview_WithoutUpstreams_ShowsNoUpstreamCard()
    {
        var cut = Render<Overview>();
        Assert.Empty(cut.FindAll("[data-testid^=upstream-]"));
    }

    [Fact]
    public void SessionsList_ShowsTheEngine_AndFiltersByIt()
    {
        Client.AddSession("sess_local", created: Start.AddMinutes(-2));
        Client.AddSession("sess_up", created: Start.AddMinutes(-1)).Engine = "upstream:hosted";
        var cut = Render<Sessions>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll(".session-row").Count));
        Assert.Equal(["upstream:hosted", "local"], cut.FindAll("[data-testid=engine-cell]").Select(e => e.TextContent));

        var engineFilter = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Engine");
        cut.InvokeAsync(() => engineFilter.Instance.ValueChanged.InvokeAsync("upstream:hosted"));
        cut.WaitForAssertion(() => Assert.Equal(["sess_up"], cut.FindAll(".session-row").Select(e => e.GetAttribute("data-session-id"))));
        cut.InvokeAsync(() => engineFilter.Instance.ValueChanged.InvokeAsync("local"));
        cut.WaitForAssertion(() => Assert.Equal(["sess_local"], cut.FindAll(".session-row").Select(e => e.GetAttribute("data-session-id"))));
    }

    [Fact]
    public void SessionDetail_ShowsEngine_BillingError_AndEveryUpstreamAttempt()
    {
        var record = Client.AddSession("sess_u");
        record.Engine = "upstream:hosted";
        record.LastError = "Billing error from upstream 'hosted' (402 Payment Required): Your MultiOn credits are exhausted";
        Client.Attempts.Add(new UpstreamAttemptRecord { SessionId = "sess_u", Upstream = "hosted", Operation = "step", Request = "POST /v1/web/session/up_1", Attempt = 0, StatusCode = 429, Outcome = "http_error", RetryAfterSeconds = 1, StartedAt = Start });
        Client.Attempts.Add(new UpstreamAttemptRecord { SessionId = "sess_u", Upstream = "hosted", Operation = "step", Request = "POST /v1/web/session/up_1", Attempt = 1, StatusCode = 502, Outcome = "http_error", RawBody = "<html><title>502 Bad Gateway</title></html>", StartedAt = Start });
        var cut = Render<SessionDetail>(p => p.Add(c => c.SessionId, "sess_u"));
        cut.WaitForAssertion(() => Assert.Equal("upstream:hosted", cut.Find("[data-testid=session-engine]").TextContent));
        Assert.Contains("credits are exhausted", cut.Find("[data-testid=billing-error]").TextContent);
        var rows = cut.FindAll("[data-testid=upstream-attempt]");
        Assert.Equal(["429", "502"], rows.Select(r => r.GetAttribute("data-status")));
        Assert.Contains("retry 1", rows[1].TextContent);
        Assert.Contains("502 Bad Gateway", cut.Find("[data-testid=raw-body]").TextContent);

        // A finished step reloads the calls.
        Client.Attempts.Add(new UpstreamAttemptRecord { SessionId = "sess_u", Upstream = "hosted", Operation = "step", Request = "POST /v1/web/session/up_1", Attempt = 0, StatusCode = 200, Outcome = "ok", StartedAt = Start });
        Publish(OpsEventKinds.StepFinished, "sess_u", status: "DONE", stepSeq: 1, stepCount: 1);
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=upstream-attempt]").Count));
    }

    [Fact]
    public void SessionDetail_OfALocalSession_HasNoUpstreamPanel()
    {
        Client.AddSession("sess_l");
        var cut = Render<SessionDetail>(p => p.Add(c => c.SessionId, "sess_l"));
        cut.WaitForAssertion(() => Assert.Equal("local", cut.Find("[data-testid=session-engine]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=upstream-attempts]"));
    }
}
