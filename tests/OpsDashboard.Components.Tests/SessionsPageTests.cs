using Bunit;
using OpsDashboard.Web.Components.Pages;
using OpsDashboard.Web.Events;

namespace OpsDashboard.Components.Tests;

public class SessionsPageTests : DashboardTestContext
{
    private static string[] RowIds(IRenderedComponent<Sessions> cut) =>
        cut.FindAll(".session-row").Select(e => e.GetAttribute("data-session-id")!).ToArray();

    private static string StatusOf(IRenderedComponent<Sessions> cut, string id) =>
        cut.Find($".session-row[data-session-id='{id}']").GetAttribute("data-status")!;

    [Fact]
    public void Snapshot_ShowsRowsNewestFirst_WithStatusAndHolder()
    {
        Client.AddSession("sess_old", created: Start.AddMinutes(-10), holder: "run-1");
        Client.AddSession("sess_new", status: "busy", created: Start.AddMinutes(-1), holder: "run-2");

        var cut = Render<Sessions>();

        cut.WaitForAssertion(() => Assert.Equal(["sess_new", "sess_old"], RowIds(cut)));
        Assert.Equal("busy", StatusOf(cut, "sess_new"));
        Assert.Contains("run-2", cut.Markup);
        Assert.Contains("2 live", cut.Find("[data-testid=live-count]").TextContent);
    }

    [Fact]
    public void FedEvents_RowsAppearChangeAndEnd_WithoutReload()
    {
        Client.AddSession("sess_a");
        var cut = Render<Sessions>();
        cut.WaitForAssertion(() => Assert.Single(RowIds(cut)));

        // A new session: the page reads its record once (holder), then applies the events on top.
        Client.AddSession("sess_b", status: "starting", holder: "from-api", created: Start);
        Publish(OpsEventKinds.SessionOpened, "sess_b", status: "starting", leaseExpiresAt: Start.AddMinutes(10));
        cut.WaitForAssertion(() => Assert.Contains("sess_b", RowIds(cut)));
        Assert.Contains("from-api", cut.Markup);

        Publish(OpsEventKinds.SessionUpdated, "sess_b", status: "idle", stepCount: 0);
        Publish(OpsEventKinds.StepStarted, "sess_b", status: "busy", stepSeq: 1, cmd: "click \"Buy\"");
        cut.WaitForAssertion(() => Assert.Equal("busy", StatusOf(cut, "sess_b")));

        Publish(OpsEventKinds.StepFinished, "sess_b", status: "DONE", stepSeq: 1, stepCount: 1, leaseExpiresAt: Start.AddMinutes(10));
        Publish(OpsEventKinds.Error, "sess_a", level: "error", message: "The browser failed during this step");
        Publish(OpsEventKinds.SessionEnded, "sess_a", status: "closed", message: "closed by the client");
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("idle", StatusOf(cut, "sess_b"));
            Assert.Equal("closed", StatusOf(cut, "sess_a"));
        });
        Assert.Contains("The browser failed during this step", cut.Markup);
        Assert.Contains("1 live", cut.Find("[data-testid=live-count]").TextContent);
    }

    [Fact]
    public void ManyEventsInABurst_AreAppliedInBatches_AndAllArrive()
    {
        var cut = Render<Sessions>();
        cut.WaitForAssertion(() => Assert.Contains("No sessions yet", cut.Markup));
        var renders = cut.RenderCount;
        for (var i = 0; i < 1000; i++)
        {
            Publish(OpsEventKinds.SessionOpened, $"sess_{i:D4}", status: "starting");
        }
        cut.WaitForAssertion(() => Assert.Contains("1000 of 1000 shown", cut.Find("[data-testid=shown-count]").TextContent));
        // 1,000 events at once: applied in a few ~100 ms batches, never one render per event.
        Assert.True(cut.RenderCount - renders < 200, $"{cut.RenderCount - renders} renders for 1000 events");
    }

    [Fact]
    public void FilterBySearchStatusAndTenant()
    {
        Client.AddSession("sess_aaa", holder: "checkout-bot");
        Client.AddSession("sess_bbb", status: "closed", tenant: "acme");
        Client.AddSession("sess_ccc", status: "busy", tenant: "acme");
        Client.Tenants.Add("acme");
        var cut = Render<Sessions>();
        cut.WaitForAssertion(() => Assert.Equal(3, RowIds(cut).Length));

        cut.Find("#session-search").Input("checkout");
        cut.WaitForAssertion(() => Assert.Equal(["sess_aaa"], RowIds(cut)));

        cut.Find("#session-search").Input("sess_c");
        cut.WaitForAssertion(() => Assert.Equal(["sess_ccc"], RowIds(cut)));
    }

    [Fact]
    public void FiveThousandSessions_AreVirtualized()
    {
        for (var i = 0; i < 5000; i++)
        {
            Client.AddSession($"sess_{i:D5}", created: Start.AddSeconds(-i));
        }
        var cut = Render<Sessions>();
        cut.WaitForAssertion(() => Assert.Contains("5000 of 5000 shown", cut.Find("[data-testid=shown-count]").TextContent));
        var rendered = RowIds(cut).Length;
        Assert.InRange(rendered, 1, 200);
    }
}
