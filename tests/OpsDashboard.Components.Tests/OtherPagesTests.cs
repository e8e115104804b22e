using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using OpsDashboard.Web.Components.Pages;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Events;

namespace OpsDashboard.Components.Tests;

public class EventsPageTests : DashboardTestContext
{
    private static long[] Seqs(IRenderedComponent<Events> cut) =>
        cut.FindAll(".event-row").Select(e => long.Parse(e.GetAttribute("data-seq")!)).ToArray();

    [Fact]
    public void ShowsRecentHistory_ThenLiveEvents_NewestFirst()
    {
        Publish(OpsEventKinds.SessionOpened, "sess_1");
        var cut = Render<Events>();
        Assert.Equal([1L], Seqs(cut));
        Publish(OpsEventKinds.SessionUpdated, "sess_1", status: "idle");
        Publish(OpsEventKinds.Error, "sess_2", level: "error", message: "boom");
        cut.WaitForAssertion(() => Assert.Equal([3L, 2L, 1L], Seqs(cut)));
    }

    [Fact]
    public void Pause_Buffers_ResumeAddsEverythingInOrder()
    {
        var cut = Render<Events>();
        cut.Find("[data-testid=pause] ").Click();
        for (var i = 0; i < 25; i++)
        {
            Publish(OpsEventKinds.StepProgress, "sess_1", message: $"action {i}");
        }
        cut.WaitForAssertion(() => Assert.Contains("25 new while paused", cut.Find("[data-testid=pending-count]").TextContent));
        Assert.Empty(Seqs(cut));

        cut.Find("[data-testid=resume]").Click();
        cut.WaitForAssertion(() => Assert.Equal(Enumerable.Range(1, 25).Reverse().Select(i => (long)i).ToArray(), Seqs(cut)));
    }

    [Fact]
    public void FilterBySession()
    {
        Publish(OpsEventKinds.SessionOpened, "sess_aaa");
        Publish(OpsEventKinds.SessionOpened, "sess_bbb");
        Publish(OpsEventKinds.Error, "sess_bbb", level: "error", message: "boom");
        var cut = Render<Events>();
        cut.Find("#event-session-filter").Input("bbb");
        cut.WaitForAssertion(() => Assert.Equal([3L, 2L], Seqs(cut)));
    }

    [Fact]
    public void QueryString_PreFiltersBySession()
    {
        Publish(OpsEventKinds.SessionOpened, "sess_aaa");
        Publish(OpsEventKinds.SessionOpened, "sess_bbb");
        var nav = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        nav.NavigateTo("events?session=sess_aaa");
        var cut = Render<Events>();
        Assert.Equal([1L], Seqs(cut));
    }
}

public class OverviewPageTests : DashboardTestContext
{
    [Fact]
    public void ShowsRatesLatencyAndEngineHealth_WithNotSureApartFromErrors()
    {
        var stats = Services.GetRequiredService<OpsStats>();
        for (var i = 1; i <= 10; i++)
        {
            var status = i <= 7 ? "DONE" : i <= 9 ? "NOT SURE" : "ERROR";
            stats.Record(new OpsEvent(i, Start, OpsEventKinds.StepFinished, "default", "sess_1", "info", status, DurationMs: i * 100));
        }
        stats.Record(new OpsEvent(11, Start, OpsEventKinds.Error, "default", "sess_1", "error", Message: "boom"));

        var cut = Render<Overview>();

        Assert.Contains("10 in the last hour", cut.Find("[data-testid=card-steps]").TextContent);
        // NOT SURE is the agent stopping and saying why: counted apart from errors.
        Assert.Contains("10%", cut.Find("[data-testid=card-errors]").TextContent);
        Assert.Contains("1 failed steps · 1 error events", cut.Find("[data-testid=card-errors]").TextContent);
        Assert.Contains("NOT SURE 20% · 2 steps", cut.Find("[data-testid=not-sure-rate]").TextContent);
        Assert.Contains("p50 500 ms", cut.Find("[data-testid=card-latency]").TextContent);
        Assert.Contains("p95 1.0 s", cut.Find("[data-testid=card-latency]").TextContent);
        Assert.Contains("up", cut.Find("[data-testid=browser-status]").TextContent);
        var engine = cut.Find("[data-testid=engine-health]").TextContent;
        Assert.Contains("4242", engine);
        Assert.Contains("3 / 32", engine);
        // Memory as PSS: the total, one session's share of the renderers (250 MiB over 5 contexts) with the
        // browser's own processes (270 MiB) paid once, and the headroom (10 GiB available / 50 MiB; 32 - 3 by capacity).
        Assert.Contains("520 MiB · 9 processes, RSS 900 MiB", cut.Find("[data-testid=browser-memory]").TextContent);
        Assert.Contains("50 MiB + 270 MiB shared once", cut.Find("[data-testid=memory-per-session]").TextContent);
        Assert.Contains("≈ 204 more by memory · 29 by capacity", cut.Find("[data-testid=headroom]").TextContent);
        Assert.Equal(4, cut.FindComponents<MudChart<double>>().Count);
    }

    [Fact]
    public void BrowserDown_SaysWhy()
    {
        Client.Health = Client.Health with { BrowserUp = false, Problem = "Chromium at '/usr/bin/chromium' could not be started" };
        var cut = Render<Overview>();
        Assert.Contains("down", cut.Find("[data-testid=browser-status]").TextContent);
        Assert.Contains("could not be started", cut.Find("[data-testid=engine-health]").TextContent);
    }
}

public class KeysPageTests : DashboardTestContext
{
    [Fact]
    public void ListsKeys_CreateShowsTheKeyOnce()
    {
        Client.Keys.Add(new ApiKeyView(1, "default", "ops_abcd", "seeded", Start.AddDays(-1), null));
        var provider = Render<MudDialogProvider>();
        var cut = Render<Keys>();
        cut.WaitForAssertion(() => Assert.Contains("ops_abcd", cut.Find("[data-testid=keys-table]").TextContent));

        cut.Find("#key-tenant").Input("acme");
        cut.Find("#key-label").Input("ci");
        cut.Find("[data-testid=key-create]").Click();

        provider.WaitForAssertion(() => Assert.Contains("shown only once", provider.Markup));
        var created = Client.Keys[0];
        Assert.Equal("acme", created.TenantId);
        Assert.Equal("ci", created.Label);
        Assert.Contains(created.Prefix, provider.Markup);
        cut.WaitForAssertion(() => Assert.Contains("acme", cut.Find("[data-testid=keys-table]").TextContent));
    }

    [Fact]
    public void Revoke_AsksFirst_ThenRevokes()
    {
        Client.Keys.Add(new ApiKeyView(7, "default", "ops_abcd", "seeded", Start.AddDays(-1), null));
        var provider = Render<MudDialogProvider>();
        var cut = Render<Keys>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=revoke-7]")));
        cut.Find("[data-testid=revoke-7]").Click();
        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll("[data-testid=confirm-ok]")));
        provider.Find("[data-testid=confirm-ok]").Click();
        cut.WaitForAssertion(() => Assert.Contains("revoked", cut.Find("[data-testid=keys-table]").TextContent));
        Assert.NotNull(Client.Keys.Single().RevokedAt);
    }

    [Fact]
    public void InvalidTenant_DisablesCreate()
    {
        var cut = Render<Keys>();
        cut.Find("#key-tenant").Input("bad tenant!");
        cut.WaitForAssertion(() => Assert.True(cut.Find("[data-testid=key-create]").HasAttribute("disabled")));
    }
}
