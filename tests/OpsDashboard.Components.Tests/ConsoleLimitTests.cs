using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using OpsDashboard.Core.Api;
using OpsDashboard.Web.Components.Controls;
using OpsDashboard.Web.Components.Pages;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Components.Tests;

/// <summary>The console counts towards the API's cmd limit (RequestLimits.MaxCmdLength) and refuses before sending.</summary>
public class ConsoleLimitTests : DashboardTestContext
{
    [Fact]
    public void Counter_CountsTheCmd_AgainstTheApisLimit()
    {
        var cut = Render<StepConsole>();
        cut.Find("textarea").Input("scroll down");
        cut.WaitForAssertion(() => Assert.Equal("11 / 4,000", cut.Find("[data-testid=console-counter]").TextContent.Trim()));
        Assert.Equal(RequestLimits.MaxCmdLength, DashboardLimits.MaxCmdLength);
        Assert.Empty(cut.FindAll("[data-testid=console-too-long]"));
        Assert.False(cut.Find("[data-testid=console-send]").HasAttribute("disabled"));
    }

    [Fact]
    public void BeyondTheLimit_SendIsDisabled_WithAClearMessage_AndCtrlEnterSendsNothing()
    {
        var sent = new List<string>();
        var cut = Render<StepConsole>(p => p.Add(c => c.OnSend, (string cmd) => sent.Add(cmd)));
        cut.Find("textarea").Input(new string('x', RequestLimits.MaxCmdLength + 1));

        cut.WaitForAssertion(() => Assert.True(cut.Find("[data-testid=console-send]").HasAttribute("disabled")));
        Assert.Equal("true", cut.Find("[data-testid=console-counter]").GetAttribute("data-over"));
        Assert.Equal("4,001 / 4,000", cut.Find("[data-testid=console-counter]").TextContent.Trim());
        var message = cut.Find("[data-testid=console-too-long]").TextContent;
        Assert.Contains("4,001 characters", message);
        Assert.Contains("at most 4,000", message);
        Assert.Contains("Shorten it by 1", message);

        cut.Find("textarea").KeyDown(new KeyboardEventArgs { Key = "Enter", CtrlKey = true });
        Assert.Empty(sent);
    }

    [Fact]
    public void ExactlyAtTheLimit_CanBeSent()
    {
        var sent = new List<string>();
        var cut = Render<StepConsole>(p => p.Add(c => c.OnSend, (string cmd) => sent.Add(cmd)));
        cut.Find("textarea").Input(new string('x', RequestLimits.MaxCmdLength));
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=console-send]").HasAttribute("disabled")));
        cut.Find("[data-testid=console-send]").Click();
        Assert.Single(sent);
    }

    [Fact]
    public void TheBox_HasAMaxLength_ThatFitsTheCircuitsReceiveLimit()
    {
        // Typing or pasting 200,000 characters must not drop the circuit: the browser stops at maxlength,
        // and the worst-case JSON of that many characters (6 bytes each, \uXXXX) fits the hub's receive limit.
        var cut = Render<StepConsole>();
        var max = int.Parse(cut.Find("textarea").GetAttribute("maxlength")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(max > RequestLimits.MaxCmdLength, "the box must hold an over-long paste, so the counter can say it is too long");
        Assert.True(max * 6L < DashboardLimits.CircuitMaxReceiveBytes);
        Assert.True(DashboardLimits.MaxSchemaLength * 6L < DashboardLimits.CircuitMaxReceiveBytes);
    }

    [Fact]
    public void ARefusedStep_IsToldInAToast_CutTo200Characters()
    {
        Client.AddSession("sess_d");
        var longEcho = "I could not tell what to do with '" + new string('y', 9_000) + "'.";
        Client.OnStep = _ => Task.FromResult(new StepOutcome("sess_d", StepStatus.NotSure, longEcho, "http://shop.test/", null, 1, TimeSpan.Zero));
        Render<MudSnackbarProvider>();
        var cut = Render<SessionDetail>(p => p.Add(c => c.SessionId, "sess_d"));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("textarea")));

        cut.Find("textarea").Input("do the thing");
        cut.Find("[data-testid=console-send]").Click();

        var snackbar = Services.GetRequiredService<ISnackbar>();
        cut.WaitForAssertion(() => Assert.Single(snackbar.ShownSnackbars));
        var shown = snackbar.ShownSnackbars.Single().Message ?? "";
        Assert.True(shown.Length <= DashboardLimits.ToastChars + 1, $"toast of {shown.Length} characters");
        Assert.EndsWith("…", shown);
    }
}
