using OpsDashboard.Core.Commands;

namespace OpsDashboard.Core.Tests;

public class ActionsTests
{
    [Fact]
    public void NavigateAction_Describe_NamesTheUrl() =>
        Assert.Equal("opened https://example.com/a", new NavigateAction("go", "https://example.com/a").Describe());

    [Fact]
    public void ClickAction_Describe_QuotesTheTarget() =>
        Assert.Equal("clicked 'Add to Cart'", new ClickAction("c", "Add to Cart").Describe());

    [Fact]
    public void TypeAction_Describe_WithAField_NamesIt() =>
        Assert.Equal("typed 'bob' into Username", new TypeAction("t", "bob", "Username").Describe());

    [Fact]
    public void TypeAction_Describe_WithoutAField_NamesOnlyTheText() =>
        Assert.Equal("typed 'bob'", new TypeAction("t", "bob", null).Describe());

    [Fact]
    public void PressAction_Describe_NamesTheKey() =>
        Assert.Equal("pressed Enter", new PressAction("p", "Enter").Describe());

    [Theory]
    [InlineData(ScrollDirection.Down, "scrolled down")]
    [InlineData(ScrollDirection.Up, "scrolled up")]
    [InlineData(ScrollDirection.Bottom, "scrolled to the bottom")]
    [InlineData(ScrollDirection.Top, "scrolled to the top")]
    public void ScrollAction_Describe_NamesTheDirection(ScrollDirection direction, string expected) =>
        Assert.Equal(expected, new ScrollAction("s", direction).Describe());

    [Fact]
    public void Actions_KeepTheClauseTheyCameFrom() =>
        Assert.Equal("click the Login button", new ClickAction("click the Login button", "Login").Clause);

    [Fact]
    public void CommandPlan_IsComplete_OnlyWithActionsAndNothingUnrecognized()
    {
        BrowserAction[] one = [new PressAction("press Enter", "Enter")];

        Assert.True(new CommandPlan(one, []).IsComplete);
        Assert.False(new CommandPlan(one, ["flibber"]).IsComplete);
        Assert.False(new CommandPlan([], []).IsComplete);
        Assert.False(new CommandPlan([], ["flibber"]).IsComplete);
    }
}
