using OpsDashboard.Core.Agent;
using System.Globalization;
using OpsDashboard.Core.Sessions;

namespace OpsDashboard.Core.Tests;

/// <summary>Bugs found in review, each pinned so it stays fixed.</summary>
public sealed class RegressionTests
{
    [Fact]
    public void SessionId_WithATrailingNewline_IsNotWellFormed() =>
        Assert.False(SessionId.IsWellFormed(SessionId.New() + "\n"));

    [Fact]
    public void AndThenWithoutAComma_SplitsCleanly()
    {
        var plan = IntentParser.Parse("go to example.com and then click Next");

        Assert.Empty(plan.Unrecognized);
        Assert.Equal("https://example.com", Assert.IsType<NavigateIntent>(plan.Intents[0]).Url);
        Assert.Equal("Next", Assert.IsType<ClickIntent>(plan.Intents[1]).Target);
    }

    [Theory]
    [InlineData("scroll up to the pending orders", ScrollDirection.Up)]
    [InlineData("scroll down to the signup form", ScrollDirection.Down)]
    [InlineData("scroll down to the Recommended section", ScrollDirection.Down)]
    [InlineData("scroll to the top", ScrollDirection.Top)]
    [InlineData("scroll", ScrollDirection.Down)]
    public void ScrollDirection_IsTheWordRightAfterScroll(string cmd, ScrollDirection expected) =>
        Assert.Equal(expected, Assert.IsType<ScrollIntent>(Assert.Single(IntentParser.Parse(cmd).Intents)).Direction);

    [Fact]
    public void TypedText_InDoubleQuotes_MayContainAnApostrophe()
    {
        var type = Assert.IsType<TypeIntent>(Assert.Single(IntentParser.Parse("type \"don't\" into Notes").Intents));

        Assert.Equal("don't", type.Text);
        Assert.Equal("Notes", type.Field);
    }

    [Fact]
    public void TypedText_InSingleQuotes_MayContainAnApostrophe()
    {
        var type = Assert.IsType<TypeIntent>(Assert.Single(IntentParser.Parse("type 'O'Brien' into Name").Intents));

        Assert.Equal("O'Brien", type.Text);
    }

    [Theory]
    [InlineData("click \"Don't save\"", "Don't save")]
    [InlineData("click Bob's profile", "Bob's profile")]
    public void ClickTargets_KeepApostrophes(string cmd, string target) =>
        Assert.Equal(target, Assert.IsType<ClickIntent>(Assert.Single(IntentParser.Parse(cmd).Intents)).Target);

    [Fact]
    public void PressF5_IsAKeyPress_NotAClick() =>
        Assert.Equal("F5", Assert.IsType<PressIntent>(Assert.Single(IntentParser.Parse("press F5").Intents)).Key);

    [Theory]
    [InlineData("da-DK")]
    [InlineData("fa-IR")]
    public void StepQuotaResetTime_IsIsoUtcWhateverTheLocale(string culture)
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            var quota = new TenantQuota(1, 1, TimeSpan.FromHours(1));

            var message = quota.CheckStep(1, new DateTimeOffset(2025, 3, 4, 10, 15, 0, TimeSpan.Zero));

            Assert.Contains("resets at 2025-03-04T11:00:00Z", message);
            Assert.Contains("1 step per 1 hour", message);
            Assert.Equal("1.5 seconds", LeasePolicy.Describe(TimeSpan.FromSeconds(1.5)));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
