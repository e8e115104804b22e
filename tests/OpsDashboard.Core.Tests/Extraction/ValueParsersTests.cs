using OpsDashboard.Core.Extraction;

namespace OpsDashboard.Core.Tests.Extraction;

public class ValueParsersTests
{
    [Theory]
    [InlineData("$1,299.00", 1299)]
    [InlineData("1.299,50 €", 1299.5)]
    [InlineData("€1.299", 1299)]
    [InlineData("12,5", 12.5)]
    [InlineData("1,234 reviews", 1234)]
    [InlineData("1\u00a0234,50 €", 1234.5)]
    [InlineData("-3.5", -3.5)]
    [InlineData("4.5 out of 5", 4.5)]
    [InlineData("12k views", 12000)]
    [InlineData("2.5M", 2500000)]
    [InlineData("CHF 1'250.00", 1250)]
    [InlineData("5 min", 5)]
    public void ParseNumber_ReadsThousandsAndDecimalSeparators(string text, double expected)
    {
        Assert.Equal(expected, ValueParsers.ParseNumber(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("n/a")]
    [InlineData("Call for price")]
    public void ParseNumber_NoNumber_IsNull(string text)
    {
        Assert.Null(ValueParsers.ParseNumber(text));
    }

    [Theory]
    [InlineData("Yes", true)]
    [InlineData("true", true)]
    [InlineData("✓", true)]
    [InlineData("✔", true)]
    [InlineData("In stock", true)]
    [InlineData("no", false)]
    [InlineData("FALSE", false)]
    [InlineData("✗", false)]
    [InlineData("Sold out", false)]
    public void ParseBoolean_ReadsWordsAndMarks(string text, bool expected)
    {
        Assert.Equal(expected, ValueParsers.ParseBoolean(text));
    }

    [Fact]
    public void ParseBoolean_Unknown_IsNull()
    {
        Assert.Null(ValueParsers.ParseBoolean("maybe"));
    }

    [Theory]
    [InlineData("Now only $59.99!", "$59.99")]
    [InlineData("Price: 1.299,00 €", "1.299,00 €")]
    [InlineData("USD 15", "USD 15")]
    [InlineData("£7", "£7")]
    [InlineData("−$48.90 debit", "−$48.90")]
    [InlineData("+$1,150.00", "+$1,150.00")]
    [InlineData("Balance -€12.00", "-€12.00")]
    [InlineData("$10-$20", "$10")]
    public void FindMoney_FindsTheAmountWithItsCurrency(string text, string expected)
    {
        Assert.Equal(expected, ValueParsers.FindMoney(text));
    }

    [Theory]
    [InlineData("Rated 4.5 out of 5 stars", 4.5)]
    [InlineData("4/5", 4)]
    [InlineData("3.8 stars", 3.8)]
    [InlineData("★★★★☆", 4)]
    public void FindRating_ReadsCommonSpellings(string text, double expected)
    {
        Assert.Equal(expected, ValueParsers.FindRating(text));
    }

    [Theory]
    [InlineData("Mar 3, 2024", "2024-03-03")]
    [InlineData("12 January 2024", "2024-01-12")]
    [InlineData("2023-12-24", "2023-12-24")]
    [InlineData("September 1st, 2022", "2022-09-01")]
    public void NormaliseDate_GivesIsoDates(string text, string expected)
    {
        Assert.Equal(expected, ValueParsers.NormaliseDate(text, withTime: false));
    }

    [Fact]
    public void FindEmailAndPhone_FindThemInText()
    {
        Assert.Equal("ops@example.com", ValueParsers.FindEmail("Write to ops@example.com today"));
        Assert.Equal("+1 (415) 555-0101", ValueParsers.FindPhone("Call +1 (415) 555-0101 now"));
        Assert.Null(ValueParsers.FindPhone("Released 2024-05-02"));
    }

    [Theory]
    [InlineData("a.jpg 300w, b.jpg 600w, c.jpg 450w", "b.jpg")]
    [InlineData("a.jpg 1x, b.jpg 2x", "b.jpg")]
    [InlineData("only.jpg", "only.jpg")]
    public void LargestFromSrcset_PicksTheBiggestCandidate(string srcset, string expected)
    {
        Assert.Equal(expected, RecordMapper.LargestFromSrcset(srcset));
    }

    [Theory]
    [InlineData("Unit Prices ($)", new[] { "unit", "price" })]
    [InlineData("imageUrl", new[] { "image", "url" })]
    [InlineData("signup_date", new[] { "signup", "date" })]
    [InlineData("Categories", new[] { "category" })]
    [InlineData("deployed_by", new[] { "deployed", "by" })]
    [InlineData("Created by", new[] { "created", "by" })]
    [InlineData("deployed_at", new[] { "deployed" })]
    [InlineData("Sold by the seller", new[] { "sold", "seller" })]
    public void Tokens_FoldCasePunctuationPluralsAndUnits(string text, string[] expected)
    {
        Assert.Equal(expected, Words.Tokens(text));
    }

    [Theory]
    [InlineData("get the products, including sponsored ones", true)]
    [InlineData("show ads too", true)]
    [InlineData("get results without ads", false)]
    [InlineData("skip the sponsored results", false)]
    [InlineData("add to cart", false)]
    [InlineData(null, false)]
    public void HintWantsSponsored_HonoursNegation(string? hint, bool expected)
    {
        Assert.Equal(expected, Extractor.HintWantsSponsored(hint));
    }
}
