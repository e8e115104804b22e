using Bunit;
using OpsDashboard.Web.Components.Controls;
using OpsDashboard.Web.LiveView;

namespace OpsDashboard.Components.Tests;

/// <summary>The live view control: watching, taking and releasing control, and what it shows to a watcher.</summary>
public class LiveViewTests : DashboardTestContext
{
    private IRenderedComponent<LiveView> RenderView(string id = "sess_l", bool live = true) =>
        Render<LiveView>(p => p.Add(c => c.SessionId, id).Add(c => c.TenantId, "default").Add(c => c.Live, live));

    /// <summary>A view of sess_l whose Take control was clicked once it could be, and which shows this tab as the holder.</summary>
    private IRenderedComponent<LiveView> RenderHoldingControl()
    {
        var cut = RenderView();
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=take-control]").HasAttribute("disabled")));
        cut.Find("[data-testid=take-control]").Click();
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("[data-testid=control-holder]").GetAttribute("data-mine")));
        return cut;
    }

    [Fact]
    public async Task Watches_WhenShown_AndLeaves_WhenDisposed()
    {
        var cut = RenderView();
        cut.WaitForAssertion(() => Assert.Single(Control.Viewers));
        Assert.Empty(cut.FindAll("[data-testid=live-unavailable]"));
        Assert.Contains("fps", cut.Find("[data-testid=live-stats]").TextContent);

        await DisposeComponentsAsync();
        Assert.Empty(Control.Viewers);
    }

    [Fact]
    public void TakeControl_ShowsTheHoldersBanner_SendsInput_AndReleaseEndsIt()
    {
        var cut = RenderHoldingControl();
        Assert.Contains("You are driving the page", cut.Find("[data-testid=control-holder]").TextContent);
        Assert.Contains("controlled", cut.Find("[data-testid=live-canvas]").ClassName);

        // What the canvas reports goes to the session, in order, as the holder.
        cut.InvokeAsync(() => cut.Instance.Pointer("down", 0.5, 0.25, 0, 0, 1, 0, 0));
        cut.InvokeAsync(() => cut.Instance.Key("down", "a", "KeyA", 65, 0));
        // Input is sent off the render path (no render to wait on): poll.
        Assert.True(SpinWait.SpinUntil(() => Control.Sent.Count == 2, TimeSpan.FromSeconds(10)), $"sent {Control.Sent.Count} of 2 inputs");
        var sent = Control.Sent.ToArray();
        Assert.Equal(new PointerInput("down", 0.5, 0.25), sent[0].Input);
        Assert.Equal("a", ((KeyInput)sent[1].Input).Text);

        cut.Find("[data-testid=release-control]").Click();
        cut.WaitForAssertion(() => Assert.Single(Control.Released));
        Assert.Equal("released by the operator", Control.Released.Single().Why);
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=control-holder]")));
    }

    [Fact]
    public void AWatcher_SeesWhoDrives_CannotTakeControl_AndSendsNothing()
    {
        var cut = RenderView();
        cut.WaitForAssertion(() => Assert.Single(Control.Viewers));
        Control.TakenElsewhere("sess_l", "alice");

        cut.WaitForAssertion(() => Assert.Contains("alice is driving the page", cut.Find("[data-testid=control-holder]").TextContent));
        Assert.True(cut.Find("[data-testid=take-control]").HasAttribute("disabled"));
        cut.InvokeAsync(() => cut.Instance.Pointer("down", 0.1, 0.1, 0, 0, 1, 0, 0));
        Assert.Empty(Control.Sent);
    }

    [Fact]
    public void ControlThatRunsOut_IsShownAsReleased_AndInputStops()
    {
        var cut = RenderHoldingControl();

        Control.Expire("sess_l");
        cut.WaitForAssertion(() => Assert.Contains("Control was released", cut.Find("[data-testid=live-message]").TextContent));
        cut.InvokeAsync(() => cut.Instance.Key("down", "b", "KeyB", 66, 0));
        Assert.Empty(Control.Sent);
    }

    [Fact]
    public async Task LeavingThePage_WhileHoldingControl_ReleasesIt()
    {
        var cut = RenderView();
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=take-control]").HasAttribute("disabled")));
        cut.Find("[data-testid=take-control]").Click();
        cut.WaitForAssertion(() => Assert.True(Control.Holders.ContainsKey("sess_l")));

        await DisposeComponentsAsync();
        Assert.Equal("the operator left the page", Control.Released.Single().Why);
    }

    [Fact]
    public void APageNotHeldHere_SaysSo_AndOffersNoControl()
    {
        Control.Watchable = false;
        var cut = RenderView();
        cut.WaitForAssertion(() => Assert.Contains("not available", cut.Find("[data-testid=live-unavailable]").TextContent));
        Assert.True(cut.Find("[data-testid=take-control]").HasAttribute("disabled"));
    }

    [Fact]
    public void ARefusedTake_SaysWhy()
    {
        Control.Refusal = "Session sess_l is running a step. Take control once it has answered.";
        var cut = RenderView();
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=take-control]").HasAttribute("disabled")));
        cut.Find("[data-testid=take-control]").Click();
        cut.WaitForAssertion(() => Assert.Contains("is running a step", cut.Find("[data-testid=live-message]").TextContent));
    }

    [Fact]
    public void AnEndedSession_SaysThereIsNothingToWatch_AndWatchesNothing()
    {
        var cut = RenderView(live: false);
        cut.WaitForAssertion(() => Assert.Contains("The session has ended", cut.Find("[data-testid=live-unavailable]").TextContent));
        Assert.Empty(Control.Viewers);
        Assert.True(cut.Find("[data-testid=take-control]").HasAttribute("disabled"));
    }

    [Fact]
    public void AHostedSession_SaysWhyThereIsNoLiveView_AndWatchesNothing()
    {
        var cut = Render<LiveView>(p => p.Add(c => c.SessionId, "sess_u").Add(c => c.TenantId, "default").Add(c => c.Live, true).Add(c => c.Engine, "upstream:multion"));
        cut.WaitForAssertion(() => Assert.Contains("runs on the hosted service 'multion'", cut.Find("[data-testid=live-unavailable]").TextContent));
        Assert.Empty(Control.Viewers);
        Assert.True(cut.Find("[data-testid=take-control]").HasAttribute("disabled"));
    }

    [Fact]
    public void AFeedThatEnds_SaysThePageIsGone_AndDropsControl()
    {
        var cut = RenderHoldingControl();

        // The session ended under the viewer: its frame stream completes.
        Control.Viewers.Single().Writer.TryComplete();
        cut.WaitForAssertion(() => Assert.Contains("The live view stopped: the session's page is gone", cut.Find("[data-testid=live-unavailable]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=release-control]"));
        cut.InvokeAsync(() => cut.Instance.Pointer("down", 0.1, 0.1, 0, 0, 1, 0, 0));
        Assert.Empty(Control.Sent);
    }

    [Fact]
    public void InputThatFails_SaysSo_AndTheViewStaysUsable()
    {
        var cut = RenderHoldingControl();

        Control.SendFailure = new TimeoutException("The page did not answer within 5 s.\nstack");
        cut.InvokeAsync(() => cut.Instance.Key("down", "a", "KeyA", 65, 0));
        cut.WaitForAssertion(() => Assert.Equal("Input did not reach the page: The page did not answer within 5 s.", cut.Find("[data-testid=live-message]").TextContent.Trim()));

        // The next input goes through once the page answers again.
        Control.SendFailure = null;
        cut.InvokeAsync(() => cut.Instance.Key("down", "b", "KeyB", 66, 0));
        Assert.True(SpinWait.SpinUntil(() => Control.Sent.Count == 1, TimeSpan.FromSeconds(10)), "the input after the failure was not sent");
        Assert.Equal("b", ((KeyInput)Control.Sent.Single().Input).Text);
    }

    [Fact]
    public void ATakeThatFails_SaysWhy_AndLeavesTheButtonUsable()
    {
        Control.TakeFailure = new InvalidOperationException("The database is not reachable.\nat …");
        var cut = RenderView();
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=take-control]").HasAttribute("disabled")));
        cut.Find("[data-testid=take-control]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Taking control failed: The database is not reachable.", cut.Find("[data-testid=live-message]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=control-holder]"));
        Assert.False(cut.Find("[data-testid=take-control]").HasAttribute("disabled"));
    }

    [Fact]
    public void KeysTypeTheirTextOnce_AndShortcutsTypeNothing()
    {
        Assert.Equal("a", new KeyInput("down", "a", "KeyA", 65).Text);
        Assert.Null(new KeyInput("up", "a", "KeyA", 65).Text);
        Assert.Null(new KeyInput("down", "a", "KeyA", 65, Modifiers: 2).Text);
        Assert.Equal("A", new KeyInput("down", "A", "KeyA", 65, Modifiers: 8).Text);
        Assert.Equal("\r", new KeyInput("down", "Enter", "Enter", 13).Text);
        Assert.False(new KeyInput("down", "Enter", "Enter", 13).Types);
        Assert.Null(new KeyInput("down", "ArrowLeft", "ArrowLeft", 37).Text);
    }
}
