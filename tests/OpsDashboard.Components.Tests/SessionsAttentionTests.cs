using Bunit;
using OpsDashboard.Web.Components.Pages;
using OpsDashboard.Web.Events;

namespace OpsDashboard.Components.Tests;

/// <summary>
/// A stuck session is visible from the list: its last outcome with the message, a "needs attention"
/// filter and count (ASK_USER, NOT SURE, an error, a lease about to run out), and search over cmds and messages.
/// </summary>
public class SessionsAttentionTests : DashboardTestContext
{
    private static string[] RowIds(IRenderedComponent<Sessions> cut) =>
        cut.FindAll(".session-row").Select(e => e.GetAttribute("data-session-id")!).ToArray();

    private void Seed()
    {
        Client.AddSession("sess_fine", created: Start.AddMinutes(-3), steps: 1);
        Client.AddStep("sess_fine", 1, "click \"Add to Cart\"", "DONE", "Clicked Add to Cart.");
        Client.AddSession("sess_stuck", created: Start.AddMinutes(-2), steps: 1);
        Client.AddStep("sess_stuck", 1, "open the men jeans category", "NOT SURE", "I could not find 'men jeans category'.");
        Client.AddSession("sess_expiring", created: Start.AddMinutes(-1), leaseLeft: TimeSpan.FromSeconds(40));
    }

    [Fact]
    public void TheLastOutcome_IsShownWithItsMessage()
    {
        Seed();
        var cut = Render<Sessions>();
        cut.WaitForAssertion(() => Assert.Equal(3, RowIds(cut).Length));
        var stuck = cut.Find(".session-row[data-session-id='sess_stuck']").Closest("tr")!;
        Assert.Equal("NOT SURE", stuck.QuerySelector(".outcome-chip")!.GetAttribute("data-outcome"));
        Assert.Contains("could not find 'men jeans category'", stuck.TextContent);
    }

    [Fact]
    public void NeedsAttention_ShowsTheStuckAndTheExpiringSession_NotTheFineOne()
    {
        Seed();
        var cut = Render<Sessions>();
        cut.WaitForAssertion(() => Assert.Contains("2 need attention", cut.Find("[data-testid=attention-count]").TextContent));

        cut.Find("[data-testid=attention-count]").Click();
        cut.WaitForAssertion(() => Assert.Equal(["sess_expiring", "sess_stuck"], RowIds(cut).Order().ToArray()));
        Assert.All(cut.FindAll(".session-row"), r => Assert.Equal("true", r.GetAttribute("data-attention")));
    }

    [Fact]
    public void AnAskUserArrivingLive_JoinsTheCount_AndADoneAfterItLeavesIt()
    {
        Client.AddSession("sess_a");
        var cut = Render<Sessions>();
        cut.WaitForAssertion(() => Assert.Single(RowIds(cut)));
        Assert.Empty(cut.FindAll("[data-testid=attention-count]"));

        Publish(OpsEventKinds.StepStarted, "sess_a", status: "busy", stepSeq: 1, cmd: "fill the contact form");
        Publish(OpsEventKinds.StepFinished, "sess_a", status: "ASK_USER", stepSeq: 1, cmd: "fill the contact form",
            message: "What is the message?", stepCount: 1, leaseExpiresAt: Start.AddMinutes(10));
        cut.WaitForAssertion(() => Assert.Contains("1 need attention", cut.Find("[data-testid=attention-count]").TextContent));

        Publish(OpsEventKinds.StepFinished, "sess_a", status: "DONE", stepSeq: 2, cmd: "the message is hello",
            message: "Sent.", stepCount: 2, leaseExpiresAt: Start.AddMinutes(10));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=attention-count]")));
    }

    [Theory]
    [InlineData("NOT SURE")]
    [InlineData("jeans category")]
    [InlineData("could not find")]
    public void Search_FindsASessionByItsLastOutcomeCmdOrMessage(string text)
    {
        Seed();
        var cut = Render<Sessions>();
        cut.WaitForAssertion(() => Assert.Equal(3, RowIds(cut).Length));
        cut.Find("#session-search").Input(text);
        cut.WaitForAssertion(() => Assert.Equal(["sess_stuck"], RowIds(cut)));
    }

    [Fact]
    public void ALongId_IsShortened_WithTheFullIdOnHover()
    {
        var id = "sess_0123456789abcdef0123456789abcdef";
        Client.AddSession(id);
        var cut = Render<Sessions>();
        cut.WaitForAssertion(() => Assert.Single(RowIds(cut)));
        var link = cut.Find(".session-row a");
        Assert.Equal("sess_0123…cdef", link.TextContent.Trim());
        Assert.Equal(id, link.GetAttribute("title"));
    }
}
