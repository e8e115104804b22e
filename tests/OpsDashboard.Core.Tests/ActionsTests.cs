using OpsDashboard.Core.Agent;

namespace OpsDashboard.Core.Tests;

/// <summary>What the step's message says a scroll did.</summary>
public class ActionsTests
{
    [Theory]
    [InlineData(ScrollDirection.Down, "scrolled down")]
    [InlineData(ScrollDirection.Up, "scrolled up")]
    [InlineData(ScrollDirection.Bottom, "scrolled to the bottom")]
    [InlineData(ScrollDirection.Top, "scrolled to the top")]
    public void ScrollDescription_NamesTheDirection(ScrollDirection direction, string expected) =>
        Assert.Equal(expected, ClauseGrammar.Describe(direction));
}
