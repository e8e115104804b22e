using OpsDashboard.Core.Agent;

namespace OpsDashboard.Core.Tests;

/// <summary>The clause grammar under the intent parser: splitting, addresses, targets and the basic verbs.</summary>
public class ClauseGrammarTests
{
    private static Intent Single(string cmd)
    {
        var plan = IntentParser.Parse(cmd);
        Assert.Empty(plan.Unrecognized);
        return Assert.Single(plan.Intents);
    }

    // ---- clause splitting ----

    [Theory]
    [InlineData("go to example.com, then click Login", "go to example.com", "click Login")]
    [InlineData("go to example.com then click Login", "go to example.com", "click Login")]
    [InlineData("go to example.com, and then click Login", "go to example.com", "click Login")]
    [InlineData("open https://example.com; click \"Sign in\"", "open https://example.com", "click \"Sign in\"")]
    [InlineData("go to example.com and click Login", "go to example.com", "click Login")]
    [InlineData("scroll down and click More", "scroll down", "click More")]
    [InlineData("go to example.com, click Login", "go to example.com", "click Login")]
    [InlineData("Go to example.com. Click Login.", "Go to example.com", "Click Login")]
    public void SplitClauses_SplitsOnThenSemicolonAndBeforeVerbAndSentenceEnds(string cmd, string first, string second) =>
        Assert.Equal([first, second], ClauseGrammar.SplitClauses(cmd));

    [Fact]
    public void SplitClauses_ThreeClausesWithMixedSeparators_KeepTheirOrder()
    {
        Assert.Equal(
            ["type \"a\" into Name", "type \"b\" into Email", "press Enter"],
            ClauseGrammar.SplitClauses("type \"a\" into Name, then type \"b\" into Email; press Enter"));
    }

    [Theory]
    [InlineData("type \"Tom and Jerry\" into Search")]
    [InlineData("type \"a, then b; c\" into Notes")]
    [InlineData("click 'Save and close'")]
    [InlineData("click “Save; then quit”")]
    public void SplitClauses_DoesNotSplitInsideQuotes(string cmd) =>
        Assert.Equal([cmd], ClauseGrammar.SplitClauses(cmd));

    [Theory]
    [InlineData("click Tom and Jerry")]
    [InlineData("click Rock and Roll")]
    public void SplitClauses_AndBeforeANonVerb_IsPartOfTheName(string cmd) =>
        Assert.Equal([cmd], ClauseGrammar.SplitClauses(cmd));

    [Fact]
    public void SplitClauses_ApostropheInsideAWord_DoesNotOpenAQuote() =>
        Assert.Equal(["click don't stop", "press Enter"], ClauseGrammar.SplitClauses("click don't stop and press Enter"));

    [Theory]
    [InlineData("please go to example.com", "go to example.com")]
    [InlineData("first go to example.com. next click Login", "go to example.com", "click Login")]
    [InlineData("then click Next", "click Next")]
    [InlineData("click Next, then", "click Next")]
    public void SplitClauses_DropsFillerWordsAndEmptyPieces(string cmd, params string[] expected) =>
        Assert.Equal(expected, ClauseGrammar.SplitClauses(cmd));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" ; , . ")]
    public void SplitClauses_NothingButSeparators_GivesNoClauses(string cmd) =>
        Assert.Empty(ClauseGrammar.SplitClauses(cmd));

    [Fact]
    public void Parse_QuotedAndIsKeptInTheTypedText()
    {
        var plan = IntentParser.Parse("type \"Tom and Jerry\" into the search box and press Enter");

        Assert.Empty(plan.Unrecognized);
        Assert.Collection(plan.Intents,
            a => Assert.Equal(new TypeIntent("type \"Tom and Jerry\" into the search box", "Tom and Jerry", "search"), a),
            a => Assert.Equal(new PressIntent("press Enter", "Enter"), a));
    }

    // ---- navigation ----

    [Theory]
    [InlineData("go to https://example.com/a?b=1", "https://example.com/a?b=1")]
    [InlineData("open http://example.com", "http://example.com")]
    [InlineData("navigate to 'https://example.com'", "https://example.com")]
    [InlineData("visit example.com", "https://example.com")]
    [InlineData("go to example.com/path", "https://example.com/path")]
    [InlineData("open example.com.", "https://example.com")]
    [InlineData("browse to docs.example.org:8443/x", "https://docs.example.org:8443/x")]
    [InlineData("go to localhost:5000", "http://localhost:5000")]
    [InlineData("load localhost", "http://localhost")]
    [InlineData("visit 10.0.0.1:8080/x", "http://10.0.0.1:8080/x")]
    [InlineData("go back to about:blank", "about:blank")]
    public void Parse_NavigateVerbWithAnAddress_OpensAnAbsoluteUrl(string cmd, string url)
    {
        var action = Assert.IsType<NavigateIntent>(Single(cmd));

        Assert.Equal(url, action.Url);
        Assert.Equal(cmd.TrimEnd('.'), action.Clause);
    }

    [Theory]
    [InlineData("open the 'Next page' link", "Next page")]
    [InlineData("open the Settings menu item", "Settings")]
    [InlineData("go to the “Pricing” tab", "Pricing")]
    public void Parse_NavigateVerbWithALinkName_GoesToThatPlace(string cmd, string target)
    {
        var action = Assert.IsType<GoToIntent>(Single(cmd));

        Assert.Equal(target, action.Place);
    }

    [Theory]
    [InlineData("example.com", "https://example.com")]
    [InlineData("example.com/path?q=1", "https://example.com/path?q=1")]
    [InlineData("sub.example.co.uk", "https://sub.example.co.uk")]
    [InlineData("localhost:5000/x", "http://localhost:5000/x")]
    [InlineData("192.168.0.10", "http://192.168.0.10")]
    [InlineData("https://example.com", "https://example.com")]
    [InlineData("ftp://example.com", "ftp://example.com")]
    public void AsUrl_AddressLikeTargets_BecomeAbsolute(string target, string url) =>
        Assert.Equal(url, ClauseGrammar.AsUrl(target));

    [Theory]
    [InlineData("the Next page")]
    [InlineData("Next")]
    [InlineData("example")]
    [InlineData("")]
    public void AsUrl_NonAddresses_AreNull(string target) =>
        Assert.Null(ClauseGrammar.AsUrl(target));

    // ---- clicks ----

    [Theory]
    [InlineData("click on the \"Add to Cart\" button", "Add to Cart")]
    [InlineData("click the Login button", "Login")]
    [InlineData("click Login", "Login")]
    [InlineData("click “OK”", "OK")]
    [InlineData("tap on Submit", "Submit")]
    [InlineData("hit the Submit button", "Submit")]
    [InlineData("press the Submit button", "Submit")]
    [InlineData("select the \"Blue\" option", "Blue")]
    [InlineData("choose Express shipping", "Express shipping")]
    [InlineData("click the Go button", "Go")]
    [InlineData("click Tom and Jerry", "Tom and Jerry")]
    [InlineData("click the search icon!", "search")]
    public void Parse_ClickVariants_NameTheTarget(string cmd, string target)
    {
        var action = Assert.IsType<ClickIntent>(Single(cmd));

        Assert.Equal(target, action.Target);
    }

    [Fact]
    public void Parse_ClickWithNothingToClick_IsUnrecognized()
    {
        var plan = IntentParser.Parse("click");

        Assert.Empty(plan.Intents);
        Assert.Equal(["click"], plan.Unrecognized);
        Assert.NotEmpty(plan.Unrecognized);
    }

    [Theory]
    [InlineData("the \"Add to Cart\" button", "Add to Cart")]
    [InlineData("on the Login link", "Login")]
    [InlineData("an Email field", "Email")]
    [InlineData("the search text box", "search")]
    [InlineData("Checkout.", "Checkout")]
    public void CleanTarget_StripsQuotesArticlesAndRoleWords(string raw, string expected) =>
        Assert.Equal(expected, ClauseGrammar.CleanTarget(raw));

    // ---- typing ----

    [Theory]
    [InlineData("type \"hello\" into \"Search\"", "hello", "Search")]
    [InlineData("type \"x\" into the \"Full name\" field", "x", "Full name")]
    [InlineData("enter \"bob\" into the username field", "bob", "username")]
    [InlineData("put \"bob\" in Username", "bob", "Username")]
    [InlineData("write 'note' on Notes", "note", "Notes")]
    [InlineData("type ‘hi’ into Name", "hi", "Name")]
    public void Parse_TypeIntoField_ReadsTextAndField(string cmd, string text, string field) =>
        Assert.Equal(new TypeIntent(cmd, text, field), Single(cmd));

    [Theory]
    [InlineData("fill Email with \"a@b.c\"", "a@b.c", "Email")]
    [InlineData("fill in the Email field with \"a@b.c\"", "a@b.c", "Email")]
    [InlineData("fill out Name with 'Ann'", "Ann", "Name")]
    [InlineData("fill Name with Bob", "Bob", "Name")]
    [InlineData("fill Name with \"Tom and Jerry\"", "Tom and Jerry", "Name")]
    public void Parse_FillFieldWithText_IsTyping(string cmd, string text, string field) =>
        Assert.Equal(new TypeIntent(cmd, text, field), Single(cmd));

    [Fact]
    public void Parse_TypeWithoutAField_TypesIntoTheFocusedBox() =>
        Assert.Equal(new TypeIntent("type \"x\"", "x", null), Single("type \"x\""));

    [Fact]
    public void Parse_TypeWithoutQuotes_IsUnrecognized()
    {
        var plan = IntentParser.Parse("type hello into Search");

        Assert.Empty(plan.Intents);
        Assert.Equal(["type hello into Search"], plan.Unrecognized);
    }

    // ---- keys ----

    [Theory]
    [InlineData("press Enter", "Enter")]
    [InlineData("hit return", "Enter")]
    [InlineData("press the Tab key", "Tab")]
    [InlineData("press tab", "Tab")]
    [InlineData("push Escape", "Escape")]
    [InlineData("press esc", "Escape")]
    [InlineData("press the space key", "Space")]
    [InlineData("hit backspace", "Backspace")]
    [InlineData("press page down", "PageDown")]
    [InlineData("press PageUp", "PageUp")]
    [InlineData("press arrow down", "ArrowDown")]
    [InlineData("press up arrow", "ArrowUp")]
    public void Parse_PressAKey_UsesThePlaywrightKeyName(string cmd, string key) =>
        Assert.Equal(new PressIntent(cmd, key), Single(cmd));

    // ---- scrolling ----

    [Theory]
    [InlineData("scroll down", ScrollDirection.Down)]
    [InlineData("scroll", ScrollDirection.Down)]
    [InlineData("Scroll Down", ScrollDirection.Down)]
    [InlineData("scroll up", ScrollDirection.Up)]
    [InlineData("scroll to the bottom", ScrollDirection.Bottom)]
    [InlineData("SCROLL TO THE BOTTOM", ScrollDirection.Bottom)]
    [InlineData("scroll to the end", ScrollDirection.Bottom)]
    [InlineData("scroll to the top", ScrollDirection.Top)]
    [InlineData("scroll back to the start", ScrollDirection.Top)]
    public void Parse_Scroll_ReadsTheDirection(string cmd, ScrollDirection direction) =>
        Assert.Equal(new ScrollIntent(cmd, direction), Single(cmd));

    // ---- unrecognized ----

    [Fact]
    public void Parse_Gibberish_IsReportedUnrecognizedAndIncomplete()
    {
        var plan = IntentParser.Parse("flibber the wobble");

        Assert.Empty(plan.Intents);
        Assert.Equal(["flibber the wobble"], plan.Unrecognized);
        Assert.NotEmpty(plan.Unrecognized);
    }

    [Fact]
    public void Parse_PartlyUnderstoodCommand_KeepsTheActionsAndReportsTheRest()
    {
        var plan = IntentParser.Parse("go to example.com, then flibber the cats; press Enter");

        Assert.Equal(["flibber the cats"], plan.Unrecognized);
        Assert.Collection(plan.Intents,
            a => Assert.Equal("https://example.com", Assert.IsType<NavigateIntent>(a).Url),
            a => Assert.Equal("Enter", Assert.IsType<PressIntent>(a).Key));
        Assert.NotEmpty(plan.Unrecognized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_EmptyCommand_HasNoIntents(string cmd)
    {
        var plan = IntentParser.Parse(cmd);

        Assert.Empty(plan.Intents);
        Assert.Empty(plan.Unrecognized);
    }

    [Fact]
    public void Parse_MultiStepCommand_ProducesActionsInOrderAndIsComplete()
    {
        var plan = IntentParser.Parse("go to example.com, click Login, type \"bob\" into Username and press Enter, then scroll to the bottom");

        Assert.Empty(plan.Unrecognized);
        Assert.Collection(plan.Intents,
            i => Assert.Equal("https://example.com", Assert.IsType<NavigateIntent>(i).Url),
            i => Assert.Equal("Login", Assert.IsType<ClickIntent>(i).Target),
            i => Assert.Equal(("bob", "Username"), (Assert.IsType<TypeIntent>(i).Text, ((TypeIntent)i).Field)),
            i => Assert.Equal("Enter", Assert.IsType<PressIntent>(i).Key),
            i => Assert.Equal(ScrollDirection.Bottom, Assert.IsType<ScrollIntent>(i).Direction));
    }
}
