using OpsDashboard.Core.Extraction;
using static OpsDashboard.Core.Tests.Extraction.ExtractionAssert;

namespace OpsDashboard.Core.Tests.Extraction;

/// <summary>
/// Records spanning table rows (an item row and its detail rows), and text that is never a value:
/// icon-only glyphs and screen-reader-only helper text (issue 11, §2).
/// </summary>
public class RowRecordsTests
{
    private const string Stories = """
        <html><body><table class="stories">
          <tr class="story"><td class="title"><span class="pos">1.</span></td><td><a href="vote?id=1"><div class="arrow" title="upvote"></div></a></td><td class="title"><a href="https://a.example/one">First story</a><span class="host"> (<a href="from?site=a.example">a.example</a>)</span></td></tr>
          <tr><td colspan="2"></td><td class="meta"><span>120 points</span> by <a class="user" href="user?id=ann">ann</a> | <a href="hide?id=1">hide</a> | <a href="item?id=1">14 comments</a></td></tr>
          <tr class="gap" style="height:5px"></tr>
          <tr class="story"><td class="title"><span class="pos">2.</span></td><td><a href="vote?id=2"><div class="arrow" title="upvote"></div></a></td><td class="title"><a href="https://b.example/two">Second story</a><span class="host"> (<a href="from?site=b.example">b.example</a>)</span></td></tr>
          <tr><td colspan="2"></td><td class="meta"><span>33 points</span> by <a class="user" href="user?id=bo">bo</a> | <a href="hide?id=2">hide</a> | <a href="item?id=2">2 comments</a></td></tr>
          <tr class="gap" style="height:5px"></tr>
          <tr class="story"><td class="title"><span class="pos">3.</span></td><td><a href="vote?id=3"><div class="arrow" title="upvote"></div></a></td><td class="title"><a href="item?id=3">Ask: third story</a></td></tr>
          <tr><td colspan="2"></td><td class="meta"><span>7 points</span> by <a class="user" href="user?id=cy">cy</a> | <a href="hide?id=3">hide</a> | <a href="item?id=3">discuss</a></td></tr>
          <tr class="gap" style="height:5px"></tr>
          <tr class="gap" style="height:10px"></tr>
          <tr><td colspan="2"></td><td class="title"><a href="?p=2" rel="next">More</a></td></tr>
        </table></body></html>
        """;

    [Fact]
    public void ItemRowAndItsDetailRow_BetweenSpacerRows_AreOneRecord_AndTheMoreRowIsNone()
    {
        var result = Extract(Stories, """
            {"type":"array","items":{"type":"object","properties":{
              "title":{"type":"string"},"url":{"type":"string","format":"uri"},
              "points":{"type":["integer","null"]},"author":{"type":["string","null"]},"comments":{"type":["integer","null"]}
            },"required":["title"]}}
            """, url: "https://news.example/");

        Rows("""
            [
              {"title":"First story","url":"https://a.example/one","points":120,"author":"ann","comments":14},
              {"title":"Second story","url":"https://b.example/two","points":33,"author":"bo","comments":2},
              {"title":"Ask: third story","url":"https://news.example/item?id=3","points":7,"author":"cy"}
            ]
            """, result.Rows);
    }

    [Fact]
    public void RankCellClassedLikeTheTitle_IsNeverTheTitle()
    {
        var result = Extract(Stories, fields: ["title"], url: "https://news.example/");

        Assert.Equal(["First story", "Second story", "Ask: third story"], result.Rows.Select(r => r["title"]!.GetValue<string>()));
    }

    [Fact]
    public void DetailRowsThatSomeItemsLack_AndRowClassesThatCycle_StillMakeOneRecordPerItem()
    {
        const string html = """
            <html><body><table class="listing">
              <thead><tr><th>Ticket</th><th>Summary</th><th>Status</th><th>Owner</th></tr></thead>
              <tbody>
                <tr class="odd prio2"><td><a href="/t/1">#1</a></td><td><a href="/t/1">Crash on save</a></td><td>new</td><td>ann</td></tr>
                <tr class="fullrow"><th>Description</th><td colspan="3"><p>Saving twice quickly crashes.</p></td></tr>
                <tr class="even prio3"><td><a href="/t/2">#2</a></td><td><a href="/t/2">Slow search</a></td><td>assigned</td><td>bo</td></tr>
                <tr class="odd prio1"><td><a href="/t/3">#3</a></td><td><a href="/t/3">Login loop</a></td><td>new</td><td>cy</td></tr>
                <tr class="fullrow"><th>Description</th><td colspan="3"><p>Redirects back to the login page.</p></td></tr>
                <tr class="even prio4"><td><a href="/t/4">#4</a></td><td><a href="/t/4">Typo in footer</a></td><td>closed</td><td>ann</td></tr>
                <tr class="fullrow"><th>Description</th><td colspan="3"><p>"Copyrihgt".</p></td></tr>
                <tr><td colspan="4"><i>(more results on the next page)</i></td></tr>
              </tbody>
            </table></body></html>
            """;

        var result = Extract(html, """
            {"type":"array","items":{"type":"object","properties":{
              "ticket":{"type":"string"},"summary":{"type":"string"},"status":{"type":"string"},"description":{"type":["string","null"]}
            },"required":["ticket","summary"]}}
            """, url: "https://bugs.example/query");

        Rows("""
            [
              {"ticket":"#1","summary":"Crash on save","status":"new","description":"Saving twice quickly crashes."},
              {"ticket":"#2","summary":"Slow search","status":"assigned"},
              {"ticket":"#3","summary":"Login loop","status":"new","description":"Redirects back to the login page."},
              {"ticket":"#4","summary":"Typo in footer","status":"closed","description":"\"Copyrihgt\"."}
            ]
            """, result.Rows);
        Assert.Equal(4, result.Found);
    }

    [Fact]
    public void HeadingRowsOfOneSpanningCell_AreNotRecords_AndMemoRowsJoinThePaymentAbove()
    {
        const string html = """
            <html><body><main><table class="activity">
              <thead><tr><th>Date</th><th>Description</th><th>Amount</th><th>Balance</th></tr></thead>
              <tbody>
                <tr class="day"><td colspan="4">Dec 2, 2026</td></tr>
                <tr><td>Dec 2</td><td>WATER CO</td><td>−$48.90</td><td>$900.00</td></tr>
                <tr class="memo"><td></td><td colspan="3">Memo: <span class="memo-text">Acct 55 Nov</span></td></tr>
                <tr><td>Dec 2</td><td>PAYROLL</td><td>+$1,150.00</td><td>$948.90</td></tr>
                <tr class="memo"><td></td><td colspan="3">Memo: <span class="memo-text">Period 11/16–11/30</span></td></tr>
                <tr class="day"><td colspan="4">Dec 1, 2026</td></tr>
                <tr><td>Dec 1</td><td>COFFEE</td><td>−$6.50</td><td>−$201.10</td></tr>
                <tr><td>Dec 1</td><td>TRANSIT</td><td>−$2.75</td><td>−$194.60</td></tr>
              </tbody>
            </table></main></body></html>
            """;

        var result = Extract(html, """
            {"type":"array","items":{"type":"object","properties":{
              "description":{"type":"string"},"amount":{"type":"string"},"memo":{"type":["string","null"]}
            },"required":["description","amount"]}}
            """, url: "https://bank.example/activity");

        Rows("""
            [
              {"description":"WATER CO","amount":"−$48.90","memo":"Acct 55 Nov"},
              {"description":"PAYROLL","amount":"+$1,150.00","memo":"Period 11/16–11/30"},
              {"description":"COFFEE","amount":"−$6.50"},
              {"description":"TRANSIT","amount":"−$2.75"}
            ]
            """, result.Rows);
        Assert.Equal(4, result.Found);
    }

    [Fact]
    public void RowWithMergedCellsThatStartsLikeAnItem_IsAnItemOfItsOwn_NotTheDetailOfTheRowAbove()
    {
        const string html = """
            <html><body><table class="stock">
              <thead><tr><th>Product</th><th>Price</th><th>Qty</th></tr></thead>
              <tbody>
                <tr><td>Kettle</td><td>$30</td><td>4</td></tr>
                <tr><td>Toaster</td><td colspan="2">Out of stock</td></tr>
                <tr><td>Blender</td><td>$55</td><td>2</td></tr>
                <tr><td>Mixer</td><td colspan="2">Out of stock</td></tr>
                <tr><td>Grill</td><td>$80</td><td>1</td></tr>
              </tbody>
            </table></body></html>
            """;

        var result = Extract(html, fields: ["product"], url: "https://shop.example/stock");

        Assert.Equal(["Kettle", "Toaster", "Blender", "Mixer", "Grill"], result.Rows.Select(r => r["product"]!.GetValue<string>()));
    }

    [Fact]
    public void RowRecords_TableOfOneRowShape_IsOneRecordPerRow()
    {
        var page = HtmlPage.Load("<table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr><tr><td>c</td><td>3</td></tr><tr><td>d</td><td>4</td></tr></table>", new Uri("https://x.example/"));
        var rows = page.Document.QuerySelectorAll("tr").ToList();

        Assert.Equal([1, 1, 1, 1], Extractor.RowRecords(rows).Select(r => r.Length));
    }

    [Fact]
    public void ScreenReaderOnlyText_InClassNamesOfAnyFramework_AndClippedInline_IsNeverAValue()
    {
        const string html = """
            <html><body><main><ul class="results">
              <li class="r"><h3><a href="/a">Alpha</a></h3><p class="cat">Tools<span class="govuk-visually-hidden"> category</span></p><p class="state">Open<span class="ui-helper-hidden-accessible"> (status)</span></p><p class="note">Ships today<span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)"> end of note</span></p></li>
              <li class="r"><h3><a href="/b">Beta</a></h3><p class="cat">Garden<span class="govuk-visually-hidden"> category</span></p><p class="state">Closed<span class="accessible-text"> (status)</span></p><p class="note">Back in May<span style="clip-path: inset(50%); position:absolute"> end of note</span></p></li>
              <li class="r"><h3><a href="/c">Gamma</a></h3><p class="cat">Kitchen<span class="u-srOnly"> category</span></p><p class="state">Open<span class="screenReaderText"> (status)</span></p><p class="note">Ships today</p></li>
            </ul></main></body></html>
            """;

        var result = Extract(html, fields: ["title", "cat", "state", "note"]);

        Rows("""
            [
              {"title":"Alpha","cat":"Tools","state":"Open","note":"Ships today"},
              {"title":"Beta","cat":"Garden","state":"Closed","note":"Back in May"},
              {"title":"Gamma","cat":"Kitchen","state":"Open","note":"Ships today"}
            ]
            """, result.Rows);
    }

    [Fact]
    public void IconGlyphsAtTheEndsOfAValue_AreNotPartOfIt()
    {
        const string html = """
            <html><body><main><table class="payees">
              <thead><tr><th>Payee</th><th>Category</th><th>Last paid</th></tr></thead>
              <tbody>
                <tr><td><a href="/p/1">CITY WATER ›</a></td><td>⚙ Utilities</td><td>Dec 2 ⋮</td></tr>
                <tr><td><a href="/p/2">J. OKAFOR ›</a></td><td>⚙ Transfers</td><td>Dec 1 ⋮</td></tr>
                <tr><td><a href="/p/3">METRO ›</a></td><td>⚙ Travel</td><td>Nov 30 ⋮</td></tr>
              </tbody>
            </table></main></body></html>
            """;

        var result = Extract(html, fields: ["payee", "category", "last_paid"], url: "https://bank.example/payees");

        Rows("""
            [
              {"payee":"CITY WATER","category":"Utilities","last_paid":"Dec 2"},
              {"payee":"J. OKAFOR","category":"Transfers","last_paid":"Dec 1"},
              {"payee":"METRO","category":"Travel","last_paid":"Nov 30"}
            ]
            """, result.Rows);
    }

    [Theory]
    [InlineData("Blue Bottle ›", "Blue Bottle")]
    [InlineData("× Dismiss", "Dismiss")]
    [InlineData("⋮", "⋮")]
    [InlineData("− $5.00", "− $5.00")]
    [InlineData("C++ » guide", "C++ » guide")]
    [InlineData("4.5 ★", "4.5")]
    public void WithoutIconTokens_StripsGlyphWordsAtTheEndsOnly(string text, string expected)
    {
        Assert.Equal(expected, RecordMapper.WithoutIconTokens(text));
    }

    [Fact]
    public void DescriptionTakenFromTheSummaryColumnAlready_IsNotAlsoTheDescription()
    {
        const string html = """
            <html><body><table class="tickets">
              <thead><tr><th>Id</th><th>Summary</th><th>Status</th></tr></thead>
              <tbody>
                <tr><td>#1</td><td class="summary">Crash on save</td><td>new</td></tr>
                <tr><td>#2</td><td class="summary">Slow search</td><td>open</td></tr>
                <tr><td>#3</td><td class="summary">Login loop</td><td>new</td></tr>
              </tbody>
            </table></body></html>
            """;

        var result = Extract(html, """{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"},"summary":{"type":"string"},"description":{"type":["string","null"]}}}}""", url: "https://bugs.example/");

        Assert.All(result.Rows, r => Assert.False(r.ContainsKey("description"), r.ToJsonString()));
    }
}
