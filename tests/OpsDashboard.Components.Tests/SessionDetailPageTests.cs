using Bunit;
using OpsDashboard.Core.Api;
using OpsDashboard.Web.Components.Pages;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Components.Tests;

public class SessionDetailPageTests : DashboardTestContext
{
    private IRenderedComponent<SessionDetail> RenderPage(string id = "sess_d") =>
        Render<SessionDetail>(p => p.Add(c => c.SessionId, id));

    [Fact]
    public void ShowsHeaderTimelineAndScreenshot()
    {
        Client.AddSession("sess_d", holder: "nightly", steps: 2);
        Client.AddStep("sess_d", 0, "open http://shop.test/", "DONE", "Opened.");
        Client.AddStep("sess_d", 1, "click \"Deals\"", "DONE", "Clicked Deals.", screenshot: "shot_1");
        Client.AddStep("sess_d", 2, "click \"Nope\"", "NOT SURE", "I could not find 'Nope'.", error: "not found\nstack");

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll(".step-item").Count));
        Assert.Contains("nightly", cut.Find("[data-testid=session-header]").TextContent);
        Assert.Equal(["2", "1", "0"], cut.FindAll(".step-item").Select(e => e.GetAttribute("data-seq")!).ToArray());
        Assert.Contains("shot_1.png", cut.Find("[data-testid=step-thumb]").GetAttribute("src"));
        Assert.Contains("shot_1.png", cut.Find("[data-testid=latest-screenshot]").GetAttribute("src"));
        Assert.Contains("Error: not found", cut.Find(".step-error").TextContent);
        Assert.Contains("The agent is not sure:", cut.Find("[data-testid=console-answer]").TextContent);
    }

    [Fact]
    public void StepFromElsewhere_ShowsLive_WithProgress_AndBusyConsole()
    {
        Client.AddSession("sess_d");
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Contains("No steps yet", cut.Markup));

        Publish(OpsEventKinds.StepStarted, "sess_d", status: "busy", stepSeq: 1, cmd: "search for jeans");
        Publish(OpsEventKinds.StepProgress, "sess_d", stepSeq: 1, cmd: "search for jeans", message: "Typed 'jeans' into Search.");
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("running", cut.Find(".step-item").GetAttribute("data-status"));
            Assert.Contains("Typed 'jeans' into Search.", cut.Find(".step-progress").TextContent);
            Assert.Contains("Busy: step 1 \"search for jeans\" is running", cut.Find("[data-testid=console-reason]").TextContent);
        });
        Assert.True(cut.Find("textarea").HasAttribute("disabled"));

        // The stored record of the finished step is read once the finish event arrives.
        Client.AddStep("sess_d", 1, "search for jeans", StepStatus.AskUser, "Which fit: slim or regular?");
        Publish(OpsEventKinds.StepFinished, "sess_d", status: StepStatus.AskUser, stepSeq: 1, message: "Which fit: slim or regular?", stepCount: 1);
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("ASK_USER", cut.Find(".step-item").GetAttribute("data-status"));
            Assert.Contains("The agent asks you:", cut.Find("[data-testid=console-answer]").TextContent);
            Assert.Empty(cut.FindAll("[data-testid=console-reason]"));
        });
        Assert.Contains("Typed 'jeans' into Search.", cut.Find(".step-progress").TextContent);
        Assert.False(cut.Find("textarea").HasAttribute("disabled"));
    }

    [Fact]
    public void SendingACmd_DoesNotBlockThePage_AndGoesThroughTheClient()
    {
        Client.AddSession("sess_d", tenant: "acme");
        var answer = new TaskCompletionSource<StepOutcome>();
        Client.OnStep = _ => answer.Task;
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("textarea")));

        cut.Find("textarea").Input("click \"Checkout\"");
        cut.Find("[data-testid=console-send]").Click();

        // The step is still running: the page shows progress and stays responsive to events.
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".mud-progress-linear")));
        Assert.Equal(("acme", "sess_d", "click \"Checkout\""), Assert.Single(Client.StepCalls));
        Publish(OpsEventKinds.StepStarted, "sess_d", tenant: "acme", status: "busy", stepSeq: 1, cmd: "click \"Checkout\"");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll(".step-item")));

        answer.SetResult(new StepOutcome("sess_d", StepStatus.Done, "Clicked Checkout.", "http://shop.test/checkout", null, 1, TimeSpan.FromSeconds(1)));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-progress-linear")));
    }

    [Fact]
    public void EndedSession_DisablesConsole_WithTheReason()
    {
        var record = Client.AddSession("sess_d", status: "expired");
        record.EndReason = "lease expired after 10 min idle";
        record.EndedAt = Start;
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Contains("lease expired", cut.Find("[data-testid=console-reason]").TextContent));
        Assert.True(cut.Find("[data-testid=close-session]").HasAttribute("disabled"));
        Assert.Contains("Ended expired", cut.Find("[data-testid=session-ended]").TextContent);
    }

    [Fact]
    public void SessionEndingLive_ShowsEnded()
    {
        Client.AddSession("sess_d");
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=close-session]").HasAttribute("disabled")));
        Publish(OpsEventKinds.SessionEnded, "sess_d", status: "closed", message: "closed by the client");
        cut.WaitForAssertion(() => Assert.Contains("closed by the client", cut.Find("[data-testid=session-ended]").TextContent));
        Assert.True(cut.Find("textarea").HasAttribute("disabled"));
    }

    [Fact]
    public void UnknownSession_SaysSo()
    {
        var cut = RenderPage("sess_nope");
        cut.WaitForAssertion(() => Assert.Contains("No session 'sess_nope' exists", cut.Find("[data-testid=session-missing]").TextContent));
    }
}
