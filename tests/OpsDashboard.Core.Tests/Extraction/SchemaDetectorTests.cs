using System.Text.Json;
using OpsDashboard.Core.Extraction;
using static OpsDashboard.Core.Tests.Extraction.ExtractionAssert;

namespace OpsDashboard.Core.Tests.Extraction;

/// <summary>
/// "Detect" (<see cref="SchemaDetector"/>): the schema proposed from the page's best structure —
/// a table's columns or the cards' fields, typed from the values on the page — and what it says when
/// there is nothing to propose.
/// </summary>
public class SchemaDetectorTests
{
    private static readonly Uri PageUrl = new("https://billing.example/invoices");

    private const string InvoiceTable = """
        <html><body><nav><a href="/">Home</a><a href="/invoices">Invoices</a></nav><main><h1>Invoices</h1>
        <table id="invoices"><thead><tr><th>Invoice #</th><th>Customer</th><th>Amount ($)</th><th>Seats</th><th>Usage</th><th>Issued</th><th>Contact e-mail</th><th>Account ID</th><th>Paid at</th></tr></thead><tbody>
        <tr><td><a href="/invoices/2001">INV-2001</a></td><td>Acme Ltd</td><td>174.00</td><td>12</td><td>0.75</td><td>2026-11-01</td><td>ap@acme.example</td><td>0042</td><td><time datetime="2026-11-03T10:00:00Z">3 Nov</time></td></tr>
        <tr><td><a href="/invoices/2002">INV-2002</a></td><td>Globex</td><td>1,250.50</td><td>40</td><td>1.5</td><td>2026-11-02</td><td>billing@globex.example</td><td>0107</td><td><time datetime="2026-11-04T09:30:00Z">4 Nov</time></td></tr>
        <tr><td><a href="/invoices/2003">INV-2003</a></td><td>Initech</td><td>89.99</td><td>3</td><td>2</td><td>2026-11-05</td><td>pay@initech.example</td><td>0311</td><td><time datetime="2026-11-06T16:45:00Z">6 Nov</time></td></tr>
        </tbody></table></main></body></html>
        """;

    private const string PeopleCards = """
        <html><body><main><h1>Team</h1><div class="people">
        <div class="card"><img src="/img/ada.jpg" alt=""><h3><a href="/people/ada">Ada Kowalski</a></h3><dl><dt>Role</dt><dd>SRE</dd><dt>Office</dt><dd>Warsaw</dd></dl><p>Rate $120/h</p><time datetime="2026-10-01">Oct 1</time></div>
        <div class="card"><img src="/img/tomas.jpg" alt=""><h3><a href="/people/tomas">Tomás Ruiz</a></h3><dl><dt>Role</dt><dd>Backend</dd><dt>Office</dt><dd>Madrid</dd></dl><p>Rate $95/h</p><time datetime="2026-09-12">Sep 12</time></div>
        <div class="card"><img src="/img/mei.jpg" alt=""><h3><a href="/people/mei">Mei Chen</a></h3><dl><dt>Role</dt><dd>Design</dd><dt>Office</dt><dd>Taipei</dd></dl><p>Rate $110/h</p><time datetime="2026-08-30">Aug 30</time></div>
        </div></main></body></html>
        """;

    private static ProposedField Field(SchemaProposal p, string name) =>
        p.Fields.SingleOrDefault(f => f.Name == name) ?? throw new Xunit.Sdk.XunitException($"no proposed field '{name}' in [{string.Join(", ", p.Fields.Select(f => f.Name))}]");

    [Fact]
    public void Table_ProposesOnePropertyPerColumn_NamedInSnakeCase_InColumnOrder_PlusTheLinkColumnsUrl()
    {
        var p = SchemaDetector.Propose(InvoiceTable, PageUrl);

        Assert.Equal(["invoice", "url", "customer", "amount", "seats", "usage", "issued", "contact_e_mail", "account_id", "paid_at"], p.Fields.Select(f => f.Name));
        Assert.Equal(3, p.Records);
        Assert.Contains("table", p.Structure);
        Assert.Equal("column \"Invoice #\"", Field(p, "invoice").Source);
        Assert.Equal(("string", "uri", "/invoices/2001"), (Field(p, "url").Type, Field(p, "url").Format, Field(p, "url").Sample));
        Assert.StartsWith("Proposed 10 fields from ", p.Message);
        Assert.Contains("(3 records): invoice (string), url (string uri), customer (string)", p.Message);
    }

    [Fact]
    public void Table_TypesEachColumnFromItsValues()
    {
        var p = SchemaDetector.Propose(InvoiceTable, PageUrl);

        Assert.Equal(("integer", null), (Field(p, "seats").Type, Field(p, "seats").Format));
        Assert.Equal(("number", null), (Field(p, "usage").Type, Field(p, "usage").Format));
        Assert.Equal(("string", "date"), (Field(p, "issued").Type, Field(p, "issued").Format));
        Assert.Equal(("string", "email"), (Field(p, "contact_e_mail").Type, Field(p, "contact_e_mail").Format));
        // time[datetime] in the cells: the machine-readable time, not "3 Nov"
        Assert.Equal(("string", "date-time", "2026-11-03T10:00:00Z"), (Field(p, "paid_at").Type, Field(p, "paid_at").Format, Field(p, "paid_at").Sample));
        Assert.Equal("string", Field(p, "customer").Type);
    }

    [Fact]
    public void Table_MoneyStaysTextWithItsCurrency_AndItsDescriptionSaysHowToMakeItANumber()
    {
        var p = SchemaDetector.Propose(InvoiceTable, PageUrl);

        var amount = Field(p, "amount");
        Assert.Equal("string", amount.Type);
        Assert.Contains("(money)", amount.Source);
        using var schema = JsonDocument.Parse(p.SchemaJson!);
        var description = schema.RootElement.GetProperty("items").GetProperty("properties").GetProperty("amount").GetProperty("description").GetString();
        Assert.Contains("e.g. \"174.00\"", description);
        Assert.Contains("change the type to number for a plain amount", description);
    }

    [Fact]
    public void Table_IdentifiersWithLeadingZeros_StayStrings()
    {
        var p = SchemaDetector.Propose(InvoiceTable, PageUrl);

        Assert.Equal(("string", "0042"), (Field(p, "account_id").Type, Field(p, "account_id").Sample));
    }

    [Fact]
    public void ProposedSchema_IsAValidRetrieveSchema_ThatRetrievesTheTablesRows()
    {
        var p = SchemaDetector.Propose(InvoiceTable, PageUrl);

        Assert.Empty(RetrieveSchema.Check(Schema(p.SchemaJson!)));
        var result = Extract(InvoiceTable, p.SchemaJson, url: PageUrl.ToString());
        Assert.Equal(["INV-2001", "INV-2002", "INV-2003"], result.Rows.Select(r => r["invoice"]!.GetValue<string>()));
        Assert.Equal(40, result.Rows[1]["seats"]!.GetValue<long>());
        Assert.Equal("1,250.50", result.Rows[1]["amount"]!.GetValue<string>()); // the money column as the page shows it
        Assert.Equal("https://billing.example/invoices/2003", result.Rows[2]["url"]!.GetValue<string>());
    }

    [Fact]
    public void Cards_ProposeTitleLinkImage_TheirSharedLabels_PriceAndDate()
    {
        var p = SchemaDetector.Propose(PeopleCards, PageUrl);

        Assert.Equal(["title", "url", "image", "role", "office", "price", "date"], p.Fields.Select(f => f.Name));
        Assert.Equal(3, p.Records);
        Assert.Equal("Ada Kowalski", Field(p, "title").Sample);
        Assert.Equal(("string", "uri"), (Field(p, "image").Type, Field(p, "image").Format));
        Assert.Equal(("SRE", "the \"Role\" label"), (Field(p, "role").Sample, Field(p, "role").Source));
        Assert.Equal(("string", "$120"), (Field(p, "price").Type, Field(p, "price").Sample));
        // the cards' times carry no time of day: a date, not a date-time
        Assert.Equal(("string", "date", "2026-10-01"), (Field(p, "date").Type, Field(p, "date").Format, Field(p, "date").Sample));
    }

    [Fact]
    public void NoRepeatedStructure_ProposesNothing_AndSaysWhatToTry()
    {
        var p = SchemaDetector.Propose("<html><body><main><h1>About us</h1><p>We make dashboards.</p></main></body></html>", PageUrl);

        Assert.Null(p.SchemaJson);
        Assert.Empty(p.Fields);
        Assert.Equal(0, p.Records);
        Assert.Equal("no repeated structure", p.Structure);
        Assert.Contains("Found no repeated items (a list, a table or a card grid)", p.Message);
        Assert.Contains("turn on render_js and detect again", p.Message);
    }

    [Fact]
    public void EmptyDocument_IsTheSameAnswerAsNoStructure_NotAnError()
    {
        var p = SchemaDetector.Propose("", PageUrl);

        Assert.Null(p.SchemaJson);
        Assert.Contains("Found no repeated items", p.Message);
    }

    [Theory]
    [InlineData("Monthly spend ($)", "monthly_spend")]
    [InlineData("Signed up", "signed_up")]
    [InlineData("Café name", "cafe_name")]
    [InlineData("2FA enabled", "f_2fa_enabled")]
    [InlineData("lastLogin", "lastlogin")]
    [InlineData("one two three four five six", "one_two_three_four_five")]
    [InlineData("★ ⋮", "")]
    public void PropertyName_IsSnakeCaseAscii_AtMostFiveWords_NeverStartingWithADigit(string label, string expected) =>
        Assert.Equal(expected, SchemaDetector.PropertyName(label));

    [Fact]
    public void RepeatedHeaders_GetNumberedNames_AndSymbolOnlyHeadersAreLeftOut()
    {
        const string html = """
            <html><body><main><table><thead><tr><th>★</th><th>Name</th><th>Name</th></tr></thead><tbody>
            <tr><td>1</td><td>alpha</td><td>Alpha Corp</td></tr>
            <tr><td>2</td><td>beta</td><td>Beta Corp</td></tr>
            <tr><td>3</td><td>gamma</td><td>Gamma Corp</td></tr>
            </tbody></table></main></body></html>
            """;

        var p = SchemaDetector.Propose(html, PageUrl);

        Assert.Equal(["name", "name_2"], p.Fields.Select(f => f.Name));
        Assert.Equal(("alpha", "Alpha Corp"), (Field(p, "name").Sample, Field(p, "name_2").Sample));
    }

    [Theory]
    [InlineData("monthly_spend", true)]
    [InlineData("unitPrice", true)]
    [InlineData("amount_paid", true)]
    [InlineData("paid", true)]
    [InlineData("paid_at", false)]
    [InlineData("charge_date", false)]
    [InlineData("paidDate", false)]
    [InlineData("customer", false)]
    public void MoneyNames_AreMoneyWords_UnlessTheLastWordMakesThemATime(string name, bool money) =>
        Assert.Equal(money, SchemaNotes.IsMoneyName(name));
}
