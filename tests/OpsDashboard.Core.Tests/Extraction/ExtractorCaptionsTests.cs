using OpsDashboard.Core.Extraction;
using static OpsDashboard.Core.Tests.Extraction.ExtractionAssert;

namespace OpsDashboard.Core.Tests.Extraction;

/// <summary>
/// Issue 11 §2, on small pages written for the test: a card's properties that have no label and are
/// found by what their text looks like and where it sits (captions under the title, counts before a
/// unit word, yes/no badges), test-hook attributes as labels, and the value shapes of prices and days.
/// </summary>
public class ExtractorCaptionsTests
{
    [Fact]
    public void Captions_AfterTheTitle_FillPlainTextProperties_InTheOrderTheSchemaListsThem()
    {
        // A badge before the title is not a caption; a caption's brackets are not part of it; an id on a
        // sub-line goes to the id property and the rest of the sub-line is the next caption.
        const string html = """
            <html><body><main><ul class="cards">
            <li class="card"><span class="badge">New</span><h3><a href="/p/1">Aurelia Stone</a></h3>
              <span class="muted">Northwind</span><div class="sub">Staff Engineer · E-1042</div><span class="area"> (Metrotown, Burnaby)</span></li>
            <li class="card"><h3><a href="/p/2">Bashir Haddad</a></h3>
              <span class="muted">Contoso</span><div class="sub">Engineering Manager · E-1107</div><span class="area"> (Kitsilano)</span></li>
            <li class="card"><span class="badge">Hiring</span><h3><a href="/p/3">Chiara Bellini</a></h3>
              <span class="muted">Fabrikam</span><div class="sub">Site Reliability Engineer · E-1230</div><span class="area"> (Surrey)</span></li>
            </ul></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "name":{"type":"string"},"employer":{"type":"string"},"staff_id":{"type":"string"},"position":{"type":"string"},"area":{"type":"string"}
            }}}
            """;

        var result = Extract(html, schema, url: "https://people.example/");

        Rows("""
            [
              {"name":"Aurelia Stone","employer":"Northwind","staff_id":"E-1042","position":"Staff Engineer","area":"Metrotown, Burnaby"},
              {"name":"Bashir Haddad","employer":"Contoso","staff_id":"E-1107","position":"Engineering Manager","area":"Kitsilano"},
              {"name":"Chiara Bellini","employer":"Fabrikam","staff_id":"E-1230","position":"Site Reliability Engineer","area":"Surrey"}
            ]
            """, result.Rows);
    }

    [Fact]
    public void Captions_AreNeverADayOrTimeOrTheWordThatIntroducesATime_ButMayRepeatAnotherPropertysText()
    {
        // "Fri, Dec 5" is when, not where; "Updated" introduces a time; "Valley Bar" is both the venue and,
        // in a labelled element, the organizer.
        const string html = """
            <html><body><main><ul class="events">
            <li><div class="event"><h3><a href="/e/1">Desert Echoes</a></h3><p class="sub">Fri, Dec 5 • 8:00 PM</p><p class="sub">Crescent Ballroom • Phoenix, AZ</p>
              <p class="organizer-name">Sunset Collective</p><p class="meta">Updated <relative-time datetime="2026-12-01T10:00:00Z">3 days ago</relative-time></p></div></li>
            <li><div class="event"><h3><a href="/e/2">Vinyl Night</a></h3><p class="sub">Sun, Dec 7 • 9:00 PM</p><p class="sub">Valley Bar • Phoenix, AZ</p>
              <p class="organizer-name">Valley Bar</p><p class="meta">Updated <relative-time datetime="2026-12-02T10:00:00Z">2 days ago</relative-time></p></div></li>
            <li><div class="event"><h3><a href="/e/3">Jazz Walk</a></h3><p class="sub">Sat, Dec 6 • 6:30 PM</p><p class="sub">Roosevelt Row • Phoenix, AZ</p>
              <p class="organizer-name">Row CDC</p><p class="meta">Updated <relative-time datetime="2026-12-03T10:00:00Z">1 day ago</relative-time></p></div></li>
            </ul></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "name":{"type":"string"},"venue":{"type":"string"},"city":{"type":"string"},"organizer":{"type":"string"},"genre":{"type":["string","null"]}
            }}}
            """;

        var result = Extract(html, schema, url: "https://tickets.example/");

        Assert.Equal(["Crescent Ballroom", "Valley Bar", "Roosevelt Row"], result.Rows.Select(r => r["venue"]?.GetValue<string>()));
        Assert.Equal(["Phoenix, AZ", "Phoenix, AZ", "Phoenix, AZ"], result.Rows.Select(r => r["city"]?.GetValue<string>()));
        Assert.Equal(["Sunset Collective", "Valley Bar", "Row CDC"], result.Rows.Select(r => r["organizer"]?.GetValue<string>()));
        Assert.All(result.Rows, r => Assert.Null(r["genre"]));
    }

    [Fact]
    public void ClassLabel_AboutAnotherPropertyOfTheSchema_DoesNotFillTheNameOrThatOtherProperty()
    {
        // "organizer-name" is the organizer's name, not the event's; "organizer-followers" is the followers.
        const string html = """
            <html><body><main><ul class="events">
            <li><a href="/e/1"><h3>Desert Echoes</h3></a><div class="organizer"><p class="organizer-name">Sunset Collective</p><p class="organizer-followers"><strong>2.1k</strong> followers</p></div></li>
            <li><a href="/e/2"><h3>Vinyl Night</h3></a><div class="organizer"><p class="organizer-name">Valley Bar</p><p class="organizer-followers"><strong>860</strong> followers</p></div></li>
            <li><a href="/e/3"><h3>Jazz Walk</h3></a><div class="organizer"><p class="organizer-name">Row CDC</p><p class="organizer-followers"><strong>12k</strong> followers</p></div></li>
            </ul></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"organizer":{"type":"string"},"followers":{"type":"string"}}}}
            """;

        var schemaResult = Extract(html, schema, url: "https://tickets.example/");
        var fieldsResult = Extract(html, fields: ["name", "organizer"], url: "https://tickets.example/");

        Rows("""
            [
              {"name":"Desert Echoes","organizer":"Sunset Collective","followers":"2.1k"},
              {"name":"Vinyl Night","organizer":"Valley Bar","followers":"860"},
              {"name":"Jazz Walk","organizer":"Row CDC","followers":"12k"}
            ]
            """, schemaResult.Rows);
        Assert.Equal(["Sunset Collective", "Valley Bar", "Row CDC"], fieldsResult.Rows.Select(r => r["organizer"]?.GetValue<string>()));
    }

    [Fact]
    public void Counts_BeforeAbbreviatedOrDescribedUnitWords_FillNumberProperties()
    {
        // "3 bds", "2 ba", "551ft<sup>2</sup>" (feet, from the description), "1br"; "Dec 1st" is no area; a
        // studio has no bedrooms; "One person found this helpful" is 1 helpful vote.
        const string html = """
            <html><body><main><ul class="homes">
            <li class="home"><h3><a href="/h/1">Junior 1 BR, avail Dec 1st</a></h3><span class="facts">1br - 551ft<sup>2</sup> -</span> <span class="votes">47 people found this helpful</span></li>
            <li class="home"><h3><a href="/h/2">Bright top floor</a></h3><span class="facts">2br - 870ft<sup>2</sup> -</span> <span class="votes">One person found this helpful</span></li>
            <li class="home"><h3><a href="/h/3">Furnished studio</a></h3><span class="facts">380ft<sup>2</sup> -</span></li>
            </ul></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "title":{"type":"string"},"bedrooms":{"type":["integer","null"]},"area":{"type":"integer","description":"floor area in square feet"},
              "helpful_votes":{"type":["integer","null"],"description":"people who found it helpful"}
            }}}
            """;

        var result = Extract(html, schema, url: "https://rent.example/");

        Rows("""
            [
              {"title":"Junior 1 BR, avail Dec 1st","bedrooms":1,"area":551,"helpful_votes":47},
              {"title":"Bright top floor","bedrooms":2,"area":870,"helpful_votes":1},
              {"title":"Furnished studio","area":380}
            ]
            """, result.Rows);
    }

    [Theory]
    [InlineData("bds", "bed", true)]
    [InlineData("ba", "bath", true)]
    [InlineData("br", "bedroom", true)]
    [InlineData("ft", "feet", true)]
    [InlineData("pts", "point", true)]
    [InlineData("people", "person", true)]
    [InlineData("followers", "follower", true)]
    [InlineData("ba", "bed", false)]
    [InlineData("days", "date", false)]
    [InlineData("x", "xbox", false)]
    public void UnitNames_MatchesWholeWordsPrefixesAndInOrderAbbreviations_FromTheSameFirstLetter(string unit, string word, bool expected) =>
        Assert.Equal(expected, RecordMapper.UnitNames(unit, word));

    [Fact]
    public void TestHookAttributes_AndAddressElements_AreLabels_AndAPriceCutIsNotThePrice()
    {
        const string html = """
            <html><body><main><ul class="cards">
            <li><article class="c-1x9"><span class="c-b2">Price cut: $25,000 (11/30)</span><a href="/h/1" class="c-7f"><address>41 Highland Ave</address></a><span data-testid="card-price">$725,000</span><span data-hook="home-kind">Condo</span></article></li>
            <li><article class="c-1x9"><a href="/h/2" class="c-7f"><address>12 Cedar St</address></a><span data-testid="card-price">$1,249,000</span><span data-hook="home-kind">House</span></article></li>
            <li><article class="c-1x9"><span class="c-b2">Open: Sat 12-2pm</span><a href="/h/3" class="c-7f"><address>88 Boston Ave</address></a><span data-testid="card-price">$980,000</span><span data-hook="home-kind">Condo</span></article></li>
            </ul></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{"address":{"type":"string"},"url":{"type":"string","format":"uri"},"price":{"type":"number"},"kind":{"type":"string"}},"required":["address","price"]}}
            """;

        var result = Extract(html, schema, url: "https://homes.example/");

        Rows("""
            [
              {"address":"41 Highland Ave","url":"https://homes.example/h/1","price":725000,"kind":"Condo"},
              {"address":"12 Cedar St","url":"https://homes.example/h/2","price":1249000,"kind":"House"},
              {"address":"88 Boston Ave","url":"https://homes.example/h/3","price":980000,"kind":"Condo"}
            ]
            """, result.Rows);
    }

    [Fact]
    public void YesNoProperty_IsTrueWhereABadgeSaysItsWord_FalseWhereItIsNegatedOrAbsent()
    {
        const string html = """
            <html><body><main><div class="reviews">
            <div class="review"><h4>Survived the rain</h4><span class="badge">Verified Purchase</span><p>Dry all night.</p></div>
            <div class="review"><h4>Zipper failed</h4><p>Split after three trips.</p></div>
            <div class="review"><h4>Heavy poles</h4><span class="badge">Not verified</span><p>Good value.</p></div>
            </div></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{"title":{"type":"string"},"verified":{"type":"boolean","description":"a verified purchase"}}}}
            """;

        var result = Extract(html, schema, url: "https://shop.example/reviews");

        Assert.Equal([true, false, false], result.Rows.Select(r => r["verified"]!.GetValue<bool>()));
    }

    [Fact]
    public void TableRow_LegendMarksAreNotPartOfTheName_AndTheNameLinkBeatsACoordinatesLink()
    {
        const string html = """
            <html><body><main><table class="wikitable"><thead><tr><th>Rank</th><th>Name</th><th>Height</th><th>Location</th></tr></thead><tbody>
            <tr><td>1</td><td><a href="/wiki/Jeddah_Light">Jeddah Light</a></td><td>133</td><td><a href="https://geo.example/?p=21.48_N_39.15_E">21.48°N 39.15°E</a></td></tr>
            <tr><td>2</td><td><a href="/wiki/Marine_Tower">Marine Tower</a> ‡</td><td>106</td><td><a href="https://geo.example/?p=35.44_N_139.65_E">35.44°N 139.65°E</a></td></tr>
            <tr><td>3</td><td><a href="/wiki/Ponce_Inlet">Ponce Inlet Light</a> †</td><td>53</td><td><a href="https://geo.example/?p=29.08_N_80.93_W">29.08°N 80.93°W</a></td></tr>
            </tbody></table></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"url":{"type":"string","format":"uri"},"height":{"type":"number"}}}}
            """;

        var result = Extract(html, schema, url: "https://wiki.example/wiki/Lighthouses");

        Rows("""
            [
              {"name":"Jeddah Light","url":"https://wiki.example/wiki/Jeddah_Light","height":133},
              {"name":"Marine Tower","url":"https://wiki.example/wiki/Marine_Tower","height":106},
              {"name":"Ponce Inlet Light","url":"https://wiki.example/wiki/Ponce_Inlet","height":53}
            ]
            """, result.Rows);
    }

    [Fact]
    public void StringPrice_KeepsARangeOrACurrencyCodeAsShown_AndFreeWhenNoMoneyIsShown_AndADayLineIsTheWhen()
    {
        const string html = """
            <html><body><main><ul class="events">
            <li><h3><a href="/e/1">Desert Echoes</a></h3><p>Fri, Dec 5 • 8:00 PM</p><p class="event-price">From $28.50</p></li>
            <li><h3><a href="/e/2">Jazz Walk</a></h3><p>Sat, Dec 6 • 6:30 PM</p><p class="event-price">Free</p></li>
            <li><h3><a href="/e/3">Mariachi Gala</a></h3><p>Sat, Dec 6 • 7:00 PM</p><p class="event-price">$45.00 – $120.00</p></li>
            <li><h3><a href="/e/4">Vinyl Night</a></h3><p>Sun, Dec 7 • 9:00 PM</p><p class="event-price">$10.00 USD</p></li>
            </ul></main></body></html>
            """;

        var schemaResult = Extract(html, """{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"when":{"type":"string"},"price":{"type":"string"}}}}""", url: "https://tickets.example/");
        var numberResult = Extract(html, """{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"price":{"type":["number","null"]}}}}""", url: "https://tickets.example/");

        Assert.Equal(["Fri, Dec 5 • 8:00 PM", "Sat, Dec 6 • 6:30 PM", "Sat, Dec 6 • 7:00 PM", "Sun, Dec 7 • 9:00 PM"], schemaResult.Rows.Select(r => r["when"]?.GetValue<string>()));
        Assert.Equal(["$28.50", "Free", "$45.00 – $120.00", "$10.00 USD"], schemaResult.Rows.Select(r => r["price"]?.GetValue<string>()));
        Assert.Equal([28.5, null, 45.0, 10.0], numberResult.Rows.Select(r => r["price"]?.GetValue<double>()));
    }
}
