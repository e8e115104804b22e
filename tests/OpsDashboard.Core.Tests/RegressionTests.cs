using System.Globalization;
using OpsDashboard.Core.Commands;
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
        var plan = CommandParser.Parse("go to example.com and then click Next");

        Assert.True(plan.IsComplete);
        Assert.Equal("https://example.com", Assert.IsType<NavigateAction>(plan.Actions[0]).Url);
        Assert.Equal("Next", Assert.IsType<ClickAction>(plan.Actions[1]).Target);
    }

    [Theory]
    [InlineData("scroll up to the pending orders", ScrollDirection.Up)]
    [InlineData("scroll down to the signup form", ScrollDirection.Down)]
    [InlineData("scroll down to the Recommended section", ScrollDirection.Down)]
    [InlineData("scroll all the way to the bottom", ScrollDirection.Bottom)]
    [InlineData("scroll to the top", ScrollDirection.Top)]
    [InlineData("scroll", ScrollDirection.Down)]
    public void ScrollDirection_IsTheWordRightAfterScroll(string cmd, ScrollDirection expected) =>
        Assert.Equal(expected, Assert.IsType<ScrollAction>(Assert.Single(CommandParser.Parse(cmd).Actions)).Direction);

    [Fact]
    public void TypedText_InDoubleQuotes_MayContainAnApostrophe()
    {
        var type = Assert.IsType<TypeAction>(Assert.Single(CommandParser.Parse("type \"don't\" into Notes").Actions));

        Assert.Equal("don't", type.Text);
        Assert.Equal("Notes", type.Field);
    }

    [Fact]
    public void TypedText_InSingleQuotes_MayContainAnApostrophe()
    {
        var type = Assert.IsType<TypeAction>(Assert.Single(CommandParser.Parse("type 'O'Brien' into Name").Actions));

        Assert.Equal("O'Brien", type.Text);
    }

    [Theory]
    [InlineData("click \"Don't save\"", "Don't save")]
    [InlineData("click Bob's profile", "Bob's profile")]
    public void ClickTargets_KeepApostrophes(string cmd, string target) =>
        Assert.Equal(target, Assert.IsType<ClickAction>(Assert.Single(CommandParser.Parse(cmd).Actions)).Target);

    [Fact]
    public void PressF5_IsAKeyPress_NotAClick() =>
        Assert.Equal("F5", Assert.IsType<PressAction>(Assert.Single(CommandParser.Parse("press F5").Actions)).Key);

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
