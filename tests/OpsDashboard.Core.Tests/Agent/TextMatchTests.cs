using OpsDashboard.Core.Agent;

namespace OpsDashboard.Core.Tests.Agent;

/// <summary>Forgiving matching of the user's words against labels on a page.</summary>
public sealed class TextMatchTests
{
    [Theory]
    [InlineData("men's jeans", "Men › Jeans")]
    [InlineData("4 stars and up", "4 Stars & Up")]
    [InlineData("add to cart", "Add to Cart")]
    public void FoldedEqualLabels_ScoreHigh(string wanted, string label) => Assert.True(TextMatch.Score(wanted, label) >= 0.95);

    [Fact]
    public void CounterBadges_DoNotDiluteTheName() =>
        Assert.True(TextMatch.Score("cart", "Cart (1)") > TextMatch.Score("cart", "Add to Cart"));

    [Fact]
    public void UnrelatedLabels_ScoreZero() => Assert.Equal(0, TextMatch.Score("checkout", "Sign out"));

    [Fact]
    public void Plurals_AreFolded() => Assert.True(TextMatch.Score("products", "Product") >= 0.95);

    [Fact]
    public void ContainsAll_IgnoresStopWords() => Assert.True(TextMatch.ContainsAll("Place order", "place the order"));

    [Theory]
    [InlineData("publishing it", "publish it")]
    [InlineData("placing the order", "place the order")]
    [InlineData("submitting", "submit")]
    [InlineData("deleting users", "delete users")]
    public void Guards_ReadAsInfinitivesInMessages(string guard, string expected) =>
        Assert.Equal(expected, Interpreter.Infinitive(guard));
}
