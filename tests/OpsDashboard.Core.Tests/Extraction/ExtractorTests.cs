using OpsDashboard.Core.Api;
using static OpsDashboard.Core.Tests.Extraction.ExtractionAssert;

namespace OpsDashboard.Core.Tests.Extraction;

public class ExtractorTests
{
    private const string ProductSchema = """
        {"type":"array","items":{"type":"object","properties":{
          "title":{"type":"string"},
          "url":{"type":"string","format":"uri"},
          "price":{"type":"number"},
          "image":{"type":"string"},
          "rating":{"type":"number"}
        },"required":["title","price"]}}
        """;

    [Fact]
    public void ProductGrid_ReturnsEveryVisibleProduct_WithCurrentPriceNotTheStruckOriginal()
    {
        var result = Extract(Pages.ProductGrid, ProductSchema);

        Rows("""
            [
              {"title":"Trail 25 Backpack","url":"https://shop.example/p/trail-25","price":59.99,"image":"https://shop.example/img/trail-25-300.jpg","rating":4.5},
              {"title":"Summit 40 Pack","url":"https://shop.example/p/summit-40","price":129,"image":"https://shop.example/img/summit-40-800.jpg","rating":4},
              {"title":"City 18 Daypack","url":"https://shop.example/p/city-18","price":39,"image":"https://shop.example/img/city-18.jpg","rating":3.5},
              {"title":"Expedition 90","url":"https://shop.example/p/expedition-90","price":1299,"image":"https://shop.example/img/expedition-90.jpg","rating":5},
              {"title":"Roll-Top 30 Dry Bag","url":"https://shop.example/p/roll-top-30","price":64.5,"image":"https://shop.example/img/roll-top-30.jpg","rating":4.2},
              {"title":"Hip Pack 2L","url":"https://shop.example/p/hip-2","price":24.95,"image":"https://shop.example/img/hip-2.jpg","rating":4.8}
            ]
            """, result.Rows);
        Assert.Equal(6, result.Found);
        Assert.Equal(6, result.Returned);
        Assert.Equal(0, result.Dropped);
        Assert.Equal(["title", "url", "price", "image", "rating"], result.Columns);
    }

    [Fact]
    public void ProductGrid_FooterLinksAndNavAreNotItems_PrecisionAndRecallAreOne()
    {
        var result = Extract(Pages.ProductGrid, fields: ["title", "url"]);

        PrecisionAndRecall(
            ["Trail 25 Backpack", "Summit 40 Pack", "City 18 Daypack", "Expedition 90", "Roll-Top 30 Dry Bag", "Hip Pack 2L"],
            result.Rows, "title");
        Assert.Equal("6 cards article.product-card in div.product-grid (main)", result.Structure);
        Assert.StartsWith("Found 6 items (cards article.product-card in div.product-grid, main content); returned 6.", result.Message);
    }

    [Fact]
    public void ProductGrid_ElementMarkedDataOpsHidden_IsIgnored()
    {
        var result = Extract(Pages.ProductGrid, fields: ["title"]);

        Assert.DoesNotContain(result.Rows, r => r["title"]!.GetValue<string>() == "Hidden Pack");
    }

    [Fact]
    public void NoSchemaAndNoFields_DefaultsToTitleAndUrl()
    {
        var result = Extract(Pages.ProductGrid);

        Assert.Equal(["title", "url"], result.Columns);
        Rows("""[{"title":"Trail 25 Backpack","url":"https://shop.example/p/trail-25"}]""", [result.Rows[0]]);
    }

    [Fact]
    public void MaxItems_CapsTheRows_AndTheMessageSaysSo()
    {
        var result = Extract(Pages.ProductGrid, ProductSchema, maxItems: 2);

        Assert.Equal(["Trail 25 Backpack", "Summit 40 Pack"], result.Rows.Select(r => r["title"]!.GetValue<string>()));
        Assert.Equal(6, result.Found);
        Assert.Equal(2, result.Returned);
        Assert.Equal("Found 6 items (cards article.product-card in div.product-grid, main content); returned 2 (max_items 2).", result.Message);
    }

    [Fact]
    public void RequiredFieldMissing_ItemsAreDropped_AndCountedInTheMessage()
    {
        var html = Pages.ProductGrid
            .Replace("""<span class="price-now">$129.00</span>""", """<span class="price-now">Call for price</span>""", StringComparison.Ordinal)
            .Replace("""<span class="price-now">$24.95</span>""", """<span class="price-now">Sold out</span>""", StringComparison.Ordinal);

        var result = Extract(html, ProductSchema);

        Assert.Equal(["Trail 25 Backpack", "City 18 Daypack", "Expedition 90", "Roll-Top 30 Dry Bag"], result.Rows.Select(r => r["title"]!.GetValue<string>()));
        Assert.Equal(6, result.Found);
        Assert.Equal(2, result.Dropped);
        Assert.Equal(4, result.Returned);
        Assert.Equal(2, result.DropReasons["'price' is required but missing"]);
        Assert.Equal("Found 6 items (cards article.product-card in div.product-grid, main content); returned 4; left out 2 that failed the schema: 'price' is required but missing in 2.", result.Message);
    }

    [Fact]
    public void ValueOfTheWrongType_ItemIsDropped_WithTheReasonAndAnExample()
    {
        const string schema = """{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"score":{"type":"number"}}}}""";
        var html = Pages.Listings.Replace("Score: 3 out of 5", "Score: n/a", StringComparison.Ordinal);

        var result = Extract(html, schema);

        Assert.Equal(["Canal loft", "Harbour penthouse"], result.Rows.Select(r => r["name"]!.GetValue<string>()));
        Assert.Equal(1, result.Dropped);
        Assert.Contains("left out 1 that failed the schema: 'score' is not a number in 1 (e.g. \"n/a\").", result.Message);
    }

    [Fact]
    public void DataTable_BeatsTheSmallUnrelatedTable_ColumnsMatchedByFuzzyHeaders()
    {
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "name":{"type":"string","description":"Customer name"},
              "email":{"type":"string"},
              "signup_date":{"type":"string","format":"date","description":"Date they signed up"},
              "lifetime_value":{"type":"number"},
              "active":{"type":"boolean"},
              "orders":{"type":"integer"},
              "profile_url":{"type":"string","format":"uri"}
            },"required":["name","email"]}}
            """;

        var result = Extract(Pages.CustomerTables, schema, url: "https://crm.example/customers");

        Rows("""
            [
              {"name":"Ada Lovelace","email":"ada@example.com","signup_date":"2023-04-01","lifetime_value":1250.5,"active":true,"orders":12,"profile_url":"https://crm.example/customers/17"},
              {"name":"Alan Turing","email":"alan@example.com","signup_date":"2023-05-12","lifetime_value":980,"active":false,"orders":7,"profile_url":"https://crm.example/customers/18"},
              {"name":"Grace Hopper","email":"grace@example.com","signup_date":"2023-06-30","lifetime_value":12400.75,"active":true,"orders":1204,"profile_url":"https://crm.example/customers/19"},
              {"name":"Katherine Johnson","email":"kj@example.com","signup_date":"2024-01-02","lifetime_value":0,"active":false,"orders":0,"profile_url":"https://crm.example/customers/20"},
              {"name":"Edsger Dijkstra","email":"edsger@example.com","signup_date":"2024-02-29","lifetime_value":310.2,"active":true,"orders":3,"profile_url":"https://crm.example/customers/21"}
            ]
            """, result.Rows);
        Assert.Equal("5 table rows in table#customers (main)", result.Structure);
    }

    [Fact]
    public void DataTable_FieldsNamedLikeTheHeaders_AreReadAsText()
    {
        var result = Extract(Pages.CustomerTables, fields: ["Customer", "E-mail", "Lifetime value", "Orders"], url: "https://crm.example/customers");

        Rows("""[{"Customer":"Ada Lovelace","E-mail":"ada@example.com","Lifetime value":"$1,250.50","Orders":"12"}]""", [result.Rows[0]]);
        Assert.Equal(5, result.Returned);
    }

    [Fact]
    public void ProfileCards_DlPairsFillTheFields_ByNameAndByDescription()
    {
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "name":{"type":"string"},
              "job":{"type":"string","description":"The person's role"},
              "email":{"type":"string","format":"email"},
              "phone":{"type":"string"},
              "city":{"type":"string"},
              "photo":{"type":"string","format":"uri"}
            },"required":["name","email"]}}
            """;

        var result = Extract(Pages.ProfileCards, schema, url: "https://corp.example/about/team");

        Rows("""
            [
              {"name":"Ana Ruiz","job":"Engineering Manager","email":"ana@corp.example","phone":"+1 415 555 0101","city":"Madrid","photo":"https://corp.example/people/ana.jpg"},
              {"name":"Bo Chen","job":"Designer","email":"bo@corp.example","phone":"+1 415 555 0102","city":"Berlin","photo":"https://corp.example/people/bo.jpg"},
              {"name":"Chidi Okafor","job":"Support Lead","email":"chidi@corp.example","city":"Lagos","photo":"https://corp.example/people/chidi.jpg"},
              {"name":"Dana Levi","job":"Data Scientist","email":"dana@corp.example","phone":"+972 3 555 0104","city":"Tel Aviv","photo":"https://corp.example/people/dana.jpg"}
            ]
            """, result.Rows);
        Assert.Equal("4 cards div.profile in section.team (main)", result.Structure);
    }

    [Fact]
    public void DlRun_OneDlWithRepeatingLabels_SplitsIntoRecords()
    {
        var result = Extract(Pages.DlRun, fields: ["name", "email", "city"]);

        Rows("""
            [
              {"name":"Mia Wong","email":"mia@example.org","city":"Oslo"},
              {"name":"Noah Kim","email":"noah@example.org","city":"Seoul"},
              {"name":"Olga Ivanova","email":"olga@example.org","city":"Riga"}
            ]
            """, result.Rows);
        Assert.Equal("3 dt/dd records in dl.contacts (main)", result.Structure);
    }

    private const string SearchSchema = """
        {"type":"array","items":{"type":"object","properties":{"title":{"type":"string"},"url":{"type":"string","format":"uri"},"snippet":{"type":"string"}},"required":["title","url"]}}
        """;

    private static readonly string[] OrganicUrls =
    [
        "https://www.tp-link.example/archer-t2u", "https://wiki.example/wiki/USB_Wi-Fi", "https://forum.example/t/best-usb-wifi-for-linux/4411",
        "https://reviews.example/best-wifi-adapters", "https://docs.example/usb-wifi/setup",
    ];

    [Fact]
    public void SearchResults_LookAlikeSponsoredEntries_AreLeftOut()
    {
        var result = Extract(Pages.SearchResults, SearchSchema, url: "https://search.example/search?q=usb+wifi+adapter");

        PrecisionAndRecall(OrganicUrls, result.Rows, "url");
        Rows("""
            [
              {"title":"Archer T2U Nano – AC600 USB WiFi Adapter","url":"https://www.tp-link.example/archer-t2u","snippet":"Dual band wireless, 433 Mbps on 5 GHz, works on Linux with the rtl8811au driver."},
              {"title":"USB Wi-Fi adapter - Wiki","url":"https://wiki.example/wiki/USB_Wi-Fi","snippet":"A USB Wi-Fi adapter connects a computer to a wireless network, using USB 2.0 or 3.0."},
              {"title":"Best USB WiFi for Linux? : linuxhardware","url":"https://forum.example/t/best-usb-wifi-for-linux/4411","snippet":"Look for chipsets with in-kernel drivers, such as mt7612u and mt7921au."},
              {"title":"The 6 Best USB Wi-Fi Adapters of 2024","url":"https://reviews.example/best-wifi-adapters","snippet":"We tested 20 adapters for speed, range and driver support."},
              {"title":"Setting up a USB WiFi adapter","url":"https://docs.example/usb-wifi/setup","snippet":"Plug the adapter in, then check that the interface appears with ip link."}
            ]
            """, result.Rows);
        Assert.Equal(2, result.SponsoredSkipped);
        Assert.Equal(5, result.Found);
        Assert.EndsWith("Left out 2 sponsored entries; ask for sponsored ones in the command to include them.", result.Message);
    }

    [Fact]
    public void SearchResults_IncludeSponsored_KeepsThemInPageOrder()
    {
        var result = Extract(Pages.SearchResults, SearchSchema, includeSponsored: true, url: "https://search.example/search?q=usb+wifi+adapter");

        PrecisionAndRecall(["https://ads.example/click?id=1", "https://shop.example/usb-wifi?ref=ad", .. OrganicUrls], result.Rows, "url");
        Assert.Equal("https://ads.example/click?id=1", result.Rows[0]["url"]!.GetValue<string>());
        Assert.Equal("https://shop.example/usb-wifi?ref=ad", result.Rows[2]["url"]!.GetValue<string>());
        Assert.Equal(0, result.SponsoredSkipped);
    }

    [Theory]
    [InlineData("get the results, including sponsored ones", 7)]
    [InlineData("list every result and the ads too", 7)]
    [InlineData("get the results without ads", 5)]
    [InlineData("get the organic results, not the sponsored ones", 5)]
    [InlineData("get the results", 5)]
    public void SearchResults_HintDecidesOnSponsored(string hint, int expected)
    {
        var result = Extract(Pages.SearchResults, SearchSchema, hint: hint, url: "https://search.example/search?q=usb");

        Assert.Equal(expected, result.Returned);
    }

    [Fact]
    public void SearchResults_CommandNamingAnotherList_PicksThatList()
    {
        var result = Extract(Pages.SearchResults, hint: "get the related searches", url: "https://search.example/search?q=usb");

        Assert.Equal(["usb wifi linux", "usb wifi 6", "usb wifi long range", "usb wifi mac", "usb wifi driver", "usb wifi dongle"], result.Rows.Select(r => r["title"]!.GetValue<string>()));
        Assert.Equal("https://search.example/search?q=usb+wifi+linux", result.Rows[0]["url"]!.GetValue<string>());
    }

    [Fact]
    public void ListInsideNav_LosesToTheMainList()
    {
        var result = Extract(Pages.NavAndMainList, url: "https://docs.example/releases");

        Rows("""
            [
              {"title":"Version 3.2","url":"https://docs.example/releases/3.2"},
              {"title":"Version 3.1","url":"https://docs.example/releases/3.1"},
              {"title":"Version 3.0","url":"https://docs.example/releases/3.0"},
              {"title":"Version 2.9","url":"https://docs.example/releases/2.9"}
            ]
            """, result.Rows);
        Assert.Equal("4 list items li in ul.releases (main)", result.Structure);
    }

    [Fact]
    public void Alternatives_ListTheChosenStructureFirst_ThenTheRunnersUp()
    {
        var result = Extract(Pages.NavAndMainList, url: "https://docs.example/releases");

        Assert.StartsWith("4 list items li in ul.releases (main): score ", result.Alternatives[0]);
        Assert.StartsWith("10 list items li in ul (nav): score ", result.Alternatives[1]);
    }

    [Fact]
    public void ListInsideNav_WinsWhenTheCommandAsksForTheNavigation()
    {
        var result = Extract(Pages.NavAndMainList, hint: "list the links in the docs navigation", url: "https://docs.example/releases");

        Assert.Equal(10, result.Returned);
        Assert.Equal("Introduction", result.Rows[0]["title"]!.GetValue<string>());
    }

    [Fact]
    public void ListItemDates_AreReadFromTimeElements()
    {
        var result = Extract(Pages.NavAndMainList, """{"type":"array","items":{"type":"object","properties":{"version":{"type":"string","x-selector":"a"},"released":{"type":"string","format":"date"}}}}""", url: "https://docs.example/releases");

        Rows("""
            [
              {"version":"Version 3.2","released":"2024-05-02"},
              {"version":"Version 3.1","released":"2024-02-14"},
              {"version":"Version 3.0","released":"2023-11-20"},
              {"version":"Version 2.9","released":"2023-08-01"}
            ]
            """, result.Rows);
    }

    [Fact]
    public void XSelector_MakesPropertiesDeterministic()
    {
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "brand":{"type":"string","x-selector":".c1"},
              "product":{"type":"string","x-selector":"span:nth-of-type(2)"},
              "sku":{"type":"string","x-selector":"code"},
              "details_url":{"type":"string","format":"uri","x-selector":"a.more"}
            }}}
            """;

        var result = Extract(Pages.Unlabelled, schema, url: "https://store.example/catalog");

        Rows("""
            [
              {"brand":"Acme","product":"Rocket Skates","sku":"SKU-001","details_url":"https://store.example/details/1"},
              {"brand":"Acme","product":"Giant Magnet","sku":"SKU-002","details_url":"https://store.example/details/2"},
              {"brand":"Globex","product":"Hammock","sku":"SKU-003","details_url":"https://store.example/details/3"},
              {"brand":"Initech","product":"Stapler","details_url":"https://store.example/details/4"}
            ]
            """, result.Rows);
    }

    [Fact]
    public void XSelector_MatchingNothing_LeavesTheFieldOut_AndRequiredDropsTheItem()
    {
        const string schema = """{"type":"array","items":{"type":"object","properties":{"product":{"type":"string","x-selector":".c2"},"sku":{"type":"string","x-selector":"code"}},"required":["sku"]}}""";

        var result = Extract(Pages.Unlabelled, schema, url: "https://store.example/catalog");

        Assert.Equal(["Rocket Skates", "Giant Magnet", "Hammock"], result.Rows.Select(r => r["product"]!.GetValue<string>()));
        Assert.Equal(1, result.Dropped);
        Assert.Contains("'sku' is required but missing in 1", result.Message);
    }

    [Fact]
    public void TypeParsing_NumbersBooleansIntegersAndDates_FromLabelValueText()
    {
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "name":{"type":"string"},
              "rent":{"type":"number"},
              "deposit":{"type":"number"},
              "pets_allowed":{"type":"boolean"},
              "furnished":{"type":"boolean"},
              "views":{"type":"integer"},
              "listed":{"type":"string","format":"date"},
              "score":{"type":"number"}
            }}}
            """;

        var result = Extract(Pages.Listings, schema, url: "https://homes.example/list");

        Rows("""
            [
              {"name":"Canal loft","rent":1299,"deposit":1299.5,"pets_allowed":true,"furnished":true,"views":1234,"listed":"2024-03-03","score":4.5},
              {"name":"Garden studio","rent":850,"deposit":850,"pets_allowed":false,"furnished":false,"views":87,"listed":"2024-01-12","score":3},
              {"name":"Harbour penthouse","rent":4750.5,"deposit":10000,"pets_allowed":true,"furnished":true,"views":12000,"listed":"2023-12-24","score":4.9}
            ]
            """, result.Rows);
    }

    [Fact]
    public void NestedObjectsAndArrays_AreFilledFromNamedElements()
    {
        const string html = """
            <html><body><main><div class="books">
              <div class="book"><h2>Dune</h2><div class="author"><span class="name">Frank Herbert</span> <span class="born">1920</span></div><ul class="tags"><li>sci-fi</li><li>classic</li></ul></div>
              <div class="book"><h2>Neuromancer</h2><div class="author"><span class="name">William Gibson</span> <span class="born">1948</span></div><ul class="tags"><li>cyberpunk</li></ul></div>
              <div class="book"><h2>Kindred</h2><div class="author"><span class="name">Octavia E. Butler</span> <span class="born">1947</span></div><ul class="tags"><li>time travel</li><li>classic</li></ul></div>
            </div></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "title":{"type":"string"},
              "author":{"type":"object","properties":{"name":{"type":"string"},"born":{"type":"integer"}}},
              "tags":{"type":"array","items":{"type":"string"}}
            }}}
            """;

        var result = Extract(html, schema, url: "https://books.example/");

        Rows("""
            [
              {"title":"Dune","author":{"name":"Frank Herbert","born":1920},"tags":["sci-fi","classic"]},
              {"title":"Neuromancer","author":{"name":"William Gibson","born":1948},"tags":["cyberpunk"]},
              {"title":"Kindred","author":{"name":"Octavia E. Butler","born":1947},"tags":["time travel","classic"]}
            ]
            """, result.Rows);
        Assert.Equal(["title", "author.name", "author.born", "tags"], result.Columns);
    }

    [Fact]
    public void TableWithoutThead_FirstRowOfThIsTheHeader_ColspanKeepsColumnsAligned()
    {
        const string html = """
            <html><body><table class="prices">
              <tr><th>Item</th><th>Unit</th><th>Price ($)</th></tr>
              <tr><td>Apples</td><td>kg</td><td>3.20</td></tr>
              <tr><td colspan="2">Bread (loaf)</td><td>2.50</td></tr>
              <tr><td>Milk</td><td>l</td><td>1.10</td></tr>
            </table></body></html>
            """;

        var result = Extract(html, """{"type":"array","items":{"type":"object","properties":{"item":{"type":"string"},"unit":{"type":"string"},"price":{"type":"number"}}}}""", url: "https://grocer.example/");

        Rows("""
            [
              {"item":"Apples","unit":"kg","price":3.2},
              {"item":"Bread (loaf)","price":2.5},
              {"item":"Milk","unit":"l","price":1.1}
            ]
            """, result.Rows);
    }

    [Fact]
    public void InlineStyleDisplayNone_AndHiddenAttribute_AreIgnored()
    {
        var html = Pages.ProductGrid
            .Replace("""<article class="product-card" data-sku="BP-2">""", """<article class="product-card" data-sku="BP-2" style="display: none">""", StringComparison.Ordinal)
            .Replace("""<article class="product-card" data-sku="BP-3">""", """<article class="product-card" data-sku="BP-3" hidden>""", StringComparison.Ordinal);

        var result = Extract(html, fields: ["title"]);

        Assert.Equal(["Trail 25 Backpack", "Expedition 90", "Roll-Top 30 Dry Bag", "Hip Pack 2L"], result.Rows.Select(r => r["title"]!.GetValue<string>()));
    }

    [Fact]
    public void ThousandCards_AreAllFound_InPageOrder()
    {
        var sb = new System.Text.StringBuilder("<html><body><nav><ul><li><a href='/a'>A</a></li><li><a href='/b'>B</a></li><li><a href='/c'>C</a></li></ul></nav><main><div class='grid'>");
        for (var i = 0; i < 1000; i++)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"<div class='card'><h3><a href='/p/{i}'>Product {i}</a></h3><span class='price'>${i}.99</span></div>");
        }
        sb.Append("</div></main></body></html>");

        var result = Extract(sb.ToString(), """{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"price":{"type":"number"}}}}""", maxItems: 10_000);

        Assert.Equal(1000, result.Returned);
        Assert.Equal("Product 0", result.Rows[0]["name"]!.GetValue<string>());
        Assert.Equal(999.99, result.Rows[999]["price"]!.GetValue<double>());
    }

    [Fact]
    public void Price_DiscountBadgesAndWasTextAreNotThePrice()
    {
        const string html = """
            <html><body><main><ul class="deals">
              <li><h3>Lamp</h3><span class="sale-badge">Save $30</span> <span class="sale">$59.99</span></li>
              <li><h3>Desk</h3><span class="sale-badge">$50 off</span> <span class="sale">$199.00</span></li>
              <li><h3>Chair</h3><p>Was $120, now $89.50</p></li>
            </ul></main></body></html>
            """;

        var result = Extract(html, """{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"price":{"type":"number"},"original_price":{"type":"number"}}}}""");

        Rows("""
            [
              {"name":"Lamp","price":59.99},
              {"name":"Desk","price":199},
              {"name":"Chair","price":89.5,"original_price":120}
            ]
            """, result.Rows);
    }

    [Fact]
    public void NoRepeatedStructure_ReturnsNothing_AndSaysWhatToTry()
    {
        var result = Extract("<html><body><main><h1>Hello</h1><p>Just one paragraph.</p></main></body></html>");

        Assert.Empty(result.Rows);
        Assert.Equal(0, result.Found);
        Assert.Contains("render_js", result.Message);
    }

    [Fact]
    public void InvalidSchema_ThrowsTheValidationErrors()
    {
        var ex = Assert.Throws<RequestValidationException>(() => Extract(Pages.ProductGrid, """{"type":"object"}"""));

        Assert.Equal(["body", "schema", "type"], ex.Errors[0].Loc);
    }
}
