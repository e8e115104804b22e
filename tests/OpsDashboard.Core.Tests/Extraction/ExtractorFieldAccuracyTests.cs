using OpsDashboard.Core.Extraction;
using static OpsDashboard.Core.Tests.Extraction.ExtractionAssert;

namespace OpsDashboard.Core.Tests.Extraction;

/// <summary>
/// Issue 11, field accuracy on small pages written for the test (the behaviours tuning pages t27–t32 led to):
/// nullable numbers, screen-reader text that is a cell's only text, overlay links, link folders, counts with their
/// word, labelled sub-lines in table cells, label/value span pairs, captions, durations, kickers and score blocks.
/// </summary>
public class ExtractorFieldAccuracyTests
{
    [Fact]
    public void NullableNumber_WhereThePageShowsNoNumber_IsNull_AndTheRowIsKept()
    {
        // Pins: "New to Staywise" / "Inventory not tracked" where a ["number","null"] goes is null, not a string that fails the schema.
        const string html = """
            <html><body><main><div class="results">
            <div class="hotel"><h3><a href="/h/1">Casa do Largo</a></h3><div class="score">9.1</div><div class="stock">38 in stock</div></div>
            <div class="hotel"><h3><a href="/h/2">Tejo Riverside</a></h3><div class="score">8.7</div><div class="stock">Inventory not tracked</div></div>
            <div class="hotel"><h3><a href="/h/3">Belém Garden</a></h3><div class="score">New to Staywise</div><div class="stock">7 in stock</div></div>
            </div></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "name":{"type":"string"},"score":{"type":["number","null"]},"stock":{"type":["integer","null"]}
            },"required":["name"]}}
            """;

        var result = Extract(html, schema, url: "https://stay.example/");

        Rows("""
            [
              {"name":"Casa do Largo","score":9.1,"stock":38},
              {"name":"Tejo Riverside","score":8.7},
              {"name":"Belém Garden","stock":7}
            ]
            """, result.Rows);
    }

    [Fact]
    public void ScreenReaderText_ThatIsACellsOnlyText_IsItsValue_ButNotBesideVisibleOrSelfNamedIcons()
    {
        // Pins: a check/dash svg with sr-only "Included"/"Not included" reads as that text; an sr-only sentence beside
        // a visible value is still dropped; an icon titled "Operational" is not doubled by its sr-only twin.
        const string html = """
            <html><body><main><table class="compare">
            <thead><tr><th>Feature</th><th>Free</th><th>Team</th><th>Status</th></tr></thead>
            <tbody>
            <tr><th scope="row">Guest accounts</th><td><svg aria-hidden="true"><path d="M4 12h16"/></svg><span class="sr-only">Not included</span></td><td><svg aria-hidden="true"><path d="M5 13l4 4"/></svg><span class="sr-only">Included</span></td><td><span title="Operational">✓</span><span class="sr-only">Operational</span></td></tr>
            <tr><th scope="row">Channels</th><td>10 <span class="sr-only">channels on the Free plan</span></td><td>Unlimited</td><td><span title="Operational">✓</span><span class="sr-only">Operational</span></td></tr>
            <tr><th scope="row">SAML SSO</th><td><svg aria-hidden="true"><path d="M4 12h16"/></svg><span class="sr-only">Not included</span></td><td><svg aria-hidden="true"><path d="M4 12h16"/></svg><span class="sr-only">Not included</span></td><td><span title="Degraded">!</span><span class="sr-only">Degraded</span></td></tr>
            </tbody></table></main></body></html>
            """;

        var result = Extract(html, fields: ["feature", "free", "team", "status"], url: "https://saas.example/pricing");

        Rows("""
            [
              {"feature":"Guest accounts","free":"Not included","team":"Included","status":"Operational"},
              {"feature":"Channels","free":"10","team":"Unlimited","status":"Operational"},
              {"feature":"SAML SSO","free":"Not included","team":"Not included","status":"Degraded"}
            ]
            """, result.Rows);
    }

    [Fact]
    public void ScreenReaderRatingSentence_BesideStarGlyphs_IsTheRating_NotTheCountInBrackets()
    {
        // Pins: "Rating 4.6 out of 5 stars" in visually-hidden text answers the rating; the visible "(892)" is the count.
        const string html = """
            <html><body><main><ol class="list">
            <li class="item"><h4><a href="/p/1">Zenbook 14</a></h4><div class="ratings"><p class="visually-hidden">Rating 4.6 out of 5 stars with 892 reviews</p><span aria-hidden="true">★★★★★ (892)</span></div></li>
            <li class="item"><h4><a href="/p/2">ThinkPad T14</a></h4><div class="ratings"><p class="visually-hidden">Rating 4.4 out of 5 stars with 131 reviews</p><span aria-hidden="true">★★★★☆ (131)</span></div></li>
            <li class="item"><h4><a href="/p/3">Inspiron 14</a></h4><div class="ratings"><p class="visually-hidden">Rating 3.9 out of 5 stars with 12 reviews</p><span aria-hidden="true">★★★★☆ (12)</span></div></li>
            </ol></main></body></html>
            """;
        const string schema = """{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"rating":{"type":["number","null"]}}}}""";

        var result = Extract(html, schema, url: "https://volt.example/");

        Assert.Equal([4.6, 4.4, 3.9], result.Rows.Select(r => r["rating"]!.GetValue<double>()));
    }

    [Fact]
    public void MainLink_IsTheOverlayLinkNamedLikeTheTitle_NotTheLinkInALaterHeading_AndALinksFolderNamesItsText()
    {
        // Pins: a full-card link whose only (sr-only) text is the h3 title is the url, not the company link in the h4;
        // "/company/northwind-freight" labels its link's text as the company, not as the title or url.
        const string html = """
            <html><body><main><ul class="jobs">
            <li><div class="card"><a class="full-link" href="/jobs/view/101"><span class="sr-only">Platform Engineer</span></a>
              <h3 class="card-title">Platform Engineer</h3><h4 class="card-subtitle"><a href="/company/northwind-freight">Northwind Freight</a></h4>
              <span class="benefit">Actively Hiring</span><span class="place">Denver, CO</span></div></li>
            <li><div class="card"><a class="full-link" href="/jobs/view/102"><span class="sr-only">Senior SRE</span></a>
              <h3 class="card-title">Senior SRE</h3><h4 class="card-subtitle"><a href="/company/quillstack">Quillstack</a></h4><span class="place">Remote</span></div></li>
            <li><div class="card"><a class="full-link" href="/jobs/view/103"><span class="sr-only">Infrastructure Engineer</span></a>
              <h3 class="card-title">Infrastructure Engineer</h3><h4 class="card-subtitle"><a href="/company/meridian">Meridian Health</a></h4><span class="place">Boston, MA</span></div></li>
            </ul></main></body></html>
            """;

        var result = Extract(html, fields: ["title", "company", "url"], url: "https://jobs.example/search");

        Rows("""
            [
              {"title":"Platform Engineer","company":"Northwind Freight","url":"https://jobs.example/jobs/view/101"},
              {"title":"Senior SRE","company":"Quillstack","url":"https://jobs.example/jobs/view/102"},
              {"title":"Infrastructure Engineer","company":"Meridian Health","url":"https://jobs.example/jobs/view/103"}
            ]
            """, result.Rows);
    }

    [Fact]
    public void LinkFolder_IsAWordBeforeTheLastSegment_NotNoiseOrAnId()
    {
        // Pins what a link's path may name: the word folder before its last segment.
        Assert.Equal("company", OpsDashboard.Core.Extraction.Record.LinkFolder("/company/northwind-freight"));
        Assert.Equal("authors", OpsDashboard.Core.Extraction.Record.LinkFolder("https://j.example/authors/ines-okafor"));
        Assert.Null(OpsDashboard.Core.Extraction.Record.LinkFolder("/jobs/view/101"));
        Assert.Null(OpsDashboard.Core.Extraction.Record.LinkFolder("/p/1"));
        Assert.Null(OpsDashboard.Core.Extraction.Record.LinkFolder("/about"));
        Assert.Null(OpsDashboard.Core.Extraction.Record.LinkFolder("#top"));
    }

    [Fact]
    public void CountShownWithThePropertysWord_BeatsAClassLabelThatOnlyMentionsTheWord_AndAScoreBlockGivesItsBareScore()
    {
        // Pins: "1,482 reviews" answers reviews before a "review-score__badge" class; a class-labelled score block
        // "9.1 Superb 1,482 reviews" answers the score with its bare-score leaf; a block with no number is no score.
        const string html = """
            <html><body><main><div class="results">
            <div class="card"><h3><a href="/h/1">Casa do Largo</a></h3><div class="review-score"><div class="review-score__badge">9.1</div><div class="review-score__word">Superb</div><div class="review-score__count">1,482 reviews</div></div></div>
            <div class="card"><h3><a href="/h/2">Tejo Riverside</a></h3><div class="review-score"><div class="review-score__badge">8.7</div><div class="review-score__word">Excellent</div><div class="review-score__count">3,906 reviews</div></div></div>
            <div class="card"><h3><a href="/h/3">Belém Garden</a></h3><div class="review-score review-score--new"><span class="badge">New to Staywise</span></div></div>
            </div></main></body></html>
            """;

        var result = Extract(html, fields: ["name", "score", "reviews"], url: "https://stay.example/");

        Assert.Equal(["9.1", "8.7", null], result.Rows.Select(r => r["score"]?.GetValue<string>()));
        Assert.Equal(["1,482", "3,906"], result.Rows.Take(2).Select(r => r["reviews"]?.GetValue<string>()));
    }

    [Fact]
    public void TableCell_NameLinkOverALabelledSubLine_GivesTheNameToTheColumn_AndTheSubLineToItsLabel()
    {
        // Pins: "Waxed Canvas Tote" + "SKU: FH-TOTE-OLV" in one Product cell is the product and the sku; a row without
        // the SKU line has no sku (not another column's text).
        const string html = """
            <html><body><main><table class="products">
            <thead><tr><th>Product</th><th>Status</th><th>Category</th></tr></thead>
            <tbody>
            <tr><td><a href="/admin/products/1">Waxed Canvas Tote</a><div class="text-subdued">SKU: FH-TOTE-OLV</div></td><td><span class="badge">Active</span></td><td>Bags</td></tr>
            <tr><td><a href="/admin/products/2">Stoneware Mug</a><div class="text-subdued">SKU: FH-MUG-12</div></td><td><span class="badge">Draft</span></td><td>Kitchen</td></tr>
            <tr><td><a href="/admin/products/3">Gift Card</a></td><td><span class="badge">Active</span></td><td>Gift Cards</td></tr>
            </tbody></table></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "product":{"type":"string"},"sku":{"type":["string","null"]},"status":{"type":"string","enum":["active","draft"]},"category":{"type":"string"}
            },"required":["product"]}}
            """;

        var result = Extract(html, schema, url: "https://admin.example/products");

        Rows("""
            [
              {"product":"Waxed Canvas Tote","sku":"FH-TOTE-OLV","status":"active","category":"Bags"},
              {"product":"Stoneware Mug","sku":"FH-MUG-12","status":"draft","category":"Kitchen"},
              {"product":"Gift Card","status":"active","category":"Gift Cards"}
            ]
            """, result.Rows);
    }

    [Fact]
    public void LabelAndValueSpans_OnOneLine_ArePairs_AndADtOrAConnectingWordIsNeverACaption()
    {
        // Pins: "<span>Model:</span> <span>X</span> <span>SKU:</span> <span>Y</span>" gives model X and sku Y (not
        // "X SKU: Y"); a dt ("Screen Size") is a label, not a value; "By" before a name is not a caption; a property the
        // other items show under a dt is missing (null) where that dt is missing, not filled by another caption.
        const string html = """
            <html><body><main><ol class="list">
            <li class="item"><h4><a href="/p/1">Zenbook 14</a></h4><div class="model"><span class="t">Model:</span> <span class="v">UX3405</span> <span class="t">SKU:</span> <span class="v">6571234</span></div>
              <div class="by">By <span class="who">ASUS</span></div><dl><div><dt>Screen Size</dt><dd>14 inches</dd></div><div><dt>Battery Life</dt><dd>15 hours</dd></div></dl></li>
            <li class="item"><h4><a href="/p/2">ThinkPad T14</a></h4><div class="model"><span class="t">Model:</span> <span class="v">21MC0012</span> <span class="t">SKU:</span> <span class="v">6582210</span></div>
              <div class="by">By <span class="who">Lenovo</span></div><dl><div><dt>Screen Size</dt><dd>14 inches</dd></div></dl><p class="note">Sold out in your area</p></li>
            <li class="item"><h4><a href="/p/3">Inspiron 14</a></h4><div class="model"><span class="t">Model:</span> <span class="v">I7440</span> <span class="t">SKU:</span> <span class="v">6590077</span></div>
              <div class="by">By <span class="who">Dell</span></div><dl><div><dt>Screen Size</dt><dd>14 inches</dd></div><div><dt>Battery Life</dt><dd>11 hours</dd></div></dl></li>
            </ol></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "name":{"type":"string"},"model":{"type":"string"},"sku":{"type":"string"},"battery_life":{"type":["string","null"]},"maker":{"type":["string","null"]}
            },"required":["name"]}}
            """;

        var result = Extract(html, schema, url: "https://volt.example/");

        Assert.Equal(["UX3405", "21MC0012", "I7440"], result.Rows.Select(r => r["model"]?.GetValue<string>()));
        Assert.Equal(["6571234", "6582210", "6590077"], result.Rows.Select(r => r["sku"]?.GetValue<string>()));
        Assert.Equal(["15 hours", null, "11 hours"], result.Rows.Select(r => r["battery_life"]?.GetValue<string>()));
        Assert.Equal(["ASUS", "Lenovo", "Dell"], result.Rows.Select(r => r["maker"]?.GetValue<string>()));
    }

    [Fact]
    public void DurationProperty_TakesALengthOfTime_NotADate_AndAKickerIsTheCategory()
    {
        // Pins: "total_time" is how long ("1 hr 5 mins"), not when; the kicker above the title answers category.
        const string html = """
            <html><body><main><div class="grid">
            <article class="card"><span class="card__kicker">Seafood</span><h3 class="card__title"><a href="/r/1">Miso Salmon</a></h3><span class="card__time">25 mins</span><time datetime="2026-11-30">Nov 30</time></article>
            <article class="card"><span class="card__kicker">Vegetarian</span><h3 class="card__title"><a href="/r/2">Chickpea Curry</a></h3><span class="card__time">35 mins</span><time datetime="2026-11-21">Nov 21</time></article>
            <article class="card"><span class="card__kicker">One pan</span><h3 class="card__title"><a href="/r/3">Bean Tacos</a></h3><span class="card__time">1 hr 5 mins</span><time datetime="2026-11-14">Nov 14</time></article>
            </div></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "title":{"type":"string"},"category":{"type":"string"},"total_time":{"type":"string"},"published":{"type":"string","format":"date"}
            }}}
            """;

        var result = Extract(html, schema, url: "https://cook.example/");

        Rows("""
            [
              {"title":"Miso Salmon","category":"Seafood","total_time":"25 mins","published":"2026-11-30"},
              {"title":"Chickpea Curry","category":"Vegetarian","total_time":"35 mins","published":"2026-11-21"},
              {"title":"Bean Tacos","category":"One pan","total_time":"1 hr 5 mins","published":"2026-11-14"}
            ]
            """, result.Rows);
        Assert.True(RecordMapper.IsDurationName(["prep", "time"]));
        Assert.False(RecordMapper.IsDurationName(["time"]));
    }

    [Fact]
    public void DescriptionWord_SaidOutright_BeatsItsSynonym()
    {
        // Pins: for "the address shown", an element hooked "address" wins over a wider one classed "location".
        const string html = """
            <html><body><main><div class="results">
            <div class="card"><h3><a href="/h/1">Casa do Largo</a></h3><div class="location"><span data-testid="address">Alfama, Lisbon</span> · <a href="#map">Show on map</a> · <span>0.8 km from centre</span></div></div>
            <div class="card"><h3><a href="/h/2">Tejo Riverside</a></h3><div class="location"><span data-testid="address">Cais do Sodré, Lisbon</span> · <a href="#map">Show on map</a> · <span>1.4 km from centre</span></div></div>
            <div class="card"><h3><a href="/h/3">Baixa Hostel</a></h3><div class="location"><span data-testid="address">Baixa, Lisbon</span> · <a href="#map">Show on map</a> · <span>250 m from centre</span></div></div>
            </div></main></body></html>
            """;
        const string schema = """{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"area":{"type":"string","description":"the address shown"}}}}""";

        var result = Extract(html, schema, url: "https://stay.example/");

        Assert.Equal(["Alfama, Lisbon", "Cais do Sodré, Lisbon", "Baixa, Lisbon"], result.Rows.Select(r => r["area"]?.GetValue<string>()));
    }

    [Fact]
    public void ScreenReaderTextInsideALinkOrButton_NamesIt_ButDoesNotMakeItTheMainLink()
    {
        // Pins: a share link named only by sr-only text ("Share Pad Thai") is not the item's url: the image link is,
        // as before; the sr-only text becomes the link's name, not text.
        const string html = """
            <html><body><main><div class="grid">
            <div class="tile"><a href="/r/1"><img src="/img/1.jpg" alt=""></a><span class="tile-title">Pad Thai</span><a class="share" href="/share?r=1"><svg aria-hidden="true"><path d="M1 1"/></svg><span class="sr-only">Share Pad Thai on social media</span></a></div>
            <div class="tile"><a href="/r/2"><img src="/img/2.jpg" alt=""></a><span class="tile-title">Shakshuka</span><a class="share" href="/share?r=2"><svg aria-hidden="true"><path d="M1 1"/></svg><span class="sr-only">Share Shakshuka on social media</span></a></div>
            <div class="tile"><a href="/r/3"><img src="/img/3.jpg" alt=""></a><span class="tile-title">Pesto Pasta</span><a class="share" href="/share?r=3"><svg aria-hidden="true"><path d="M1 1"/></svg><span class="sr-only">Share Pesto Pasta on social media</span></a></div>
            </div></main></body></html>
            """;

        var result = Extract(html, fields: ["title", "url"], url: "https://cook.example/");

        Assert.Equal(["https://cook.example/r/1", "https://cook.example/r/2", "https://cook.example/r/3"], result.Rows.Select(r => r["url"]?.GetValue<string>()));
        var page = HtmlPage.Load(html, new Uri("https://cook.example/"));
        Assert.Equal("Share Pad Thai on social media", page.Document.QuerySelector("a.share")!.GetAttribute("aria-label"));
    }

    [Fact]
    public void VideoCards_RelativeUploadTime_ClockRunningTimeOnTheThumbnail_CustomElementTag_AndNoSentenceAriaLabel()
    {
        // Pins: "uploaded" is a time word and "3 weeks ago" is what the page shows; a duration may be a clock ("1:02:05")
        // on the thumbnail link; a custom element's tag (ytd-channel-name) labels its text; a link's sentence-long
        // aria-label mentioning "48,211 views" is its name, not a label of views.
        const string html = """
            <html><body><div id="contents">
            <ytd-video-renderer><a id="thumbnail" href="/watch?v=a1"><img src="/vi/a1.jpg" alt=""><span class="badge">12:34</span></a>
              <h3><a id="video-title" href="/watch?v=a1" aria-label="How VACUUM works by DB Weekly 48,211 views 3 weeks ago 12 minutes">How VACUUM works</a></h3>
              <div class="meta"><span class="item">48K views</span><span class="item">3 weeks ago</span></div><ytd-channel-name><a href="/@db">DB Weekly</a></ytd-channel-name>
              <p class="snippet">Autovacuum, freezing and the visibility map.</p></ytd-video-renderer>
            <ytd-video-renderer><a id="thumbnail" href="/watch?v=b2"><img src="/vi/b2.jpg" alt=""><span class="badge">1:02:05</span></a>
              <h3><a id="video-title" href="/watch?v=b2">Kubernetes networking</a></h3>
              <div class="meta"><span class="item">1.2M views</span><span class="item">1 year ago</span></div><ytd-channel-name><a href="/@cc">CloudCasts</a></ytd-channel-name>
              <p class="snippet">From pods to services.</p></ytd-video-renderer>
            <ytd-video-renderer><a id="thumbnail" href="/watch?v=c3"><img src="/vi/c3.jpg" alt=""><span class="badge">8:15</span></a>
              <h3><a id="video-title" href="/watch?v=c3">Rust ownership</a></h3>
              <div class="meta"><span class="item">310K views</span><span class="item">5 days ago</span></div><ytd-channel-name><a href="/@f">Ferris Talks</a></ytd-channel-name>
              <p class="snippet">Borrowing and moves.</p></ytd-video-renderer>
            </div></body></html>
            """;

        var result = Extract(html, fields: ["title", "channel", "views", "uploaded", "duration"], url: "https://video.example/results");

        Rows("""
            [
              {"title":"How VACUUM works","channel":"DB Weekly","views":"48K","uploaded":"3 weeks ago","duration":"12:34"},
              {"title":"Kubernetes networking","channel":"CloudCasts","views":"1.2M","uploaded":"1 year ago","duration":"1:02:05"},
              {"title":"Rust ownership","channel":"Ferris Talks","views":"310K","uploaded":"5 days ago","duration":"8:15"}
            ]
            """, result.Rows);
    }

    [Fact]
    public void RepeatedClass_IsTheList_ForAnArrayOrAPluralTextProperty_AndAUserCardsProfileLinkIsTheAuthor()
    {
        // Pins: a.post-tag twice gives ["postgresql","performance"] (and "postgresql, performance" for a "tags" text);
        // an element classed as the user card ("mara 2,311 asked Dec 1") answers asked_by with its profile link's text.
        const string html = """
            <html><body><div id="questions">
            <div class="summary"><h3><a href="/q/1">Why is my join slow?</a></h3><ul class="tags"><li><a class="post-tag" href="/t/postgresql">postgresql</a></li><li><a class="post-tag" href="/t/performance">performance</a></li></ul>
              <div class="user-card"><a href="/users/311/mara">mara</a> <span>2,311</span> <span>asked Dec 1</span></div></div>
            <div class="summary"><h3><a href="/q/2">Cargo feature unification</a></h3><ul class="tags"><li><a class="post-tag" href="/t/rust">rust</a></li><li><a class="post-tag" href="/t/cargo">cargo</a></li></ul>
              <div class="user-card"><a href="/users/988/teo">teo</a> <span>45</span> <span>asked 2 hours ago</span></div></div>
            <div class="summary"><h3><a href="/q/3">systemd timer missed runs</a></h3><ul class="tags"><li><a class="post-tag" href="/t/systemd">systemd</a></li><li><a class="post-tag" href="/t/linux">linux</a></li></ul>
              <div class="user-card"><a href="/users/42/ines">ines</a> <span>18.2k</span> <span>asked Nov 28</span></div></div>
            </div></body></html>
            """;
        const string schema = """{"type":"array","items":{"type":"object","properties":{"title":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},"asked_by":{"type":"string"}}}}""";

        var result = Extract(html, schema, url: "https://qa.example/questions");
        var texts = Extract(html, fields: ["title", "tags"], url: "https://qa.example/questions");

        Rows("""
            [
              {"title":"Why is my join slow?","tags":["postgresql","performance"],"asked_by":"mara"},
              {"title":"Cargo feature unification","tags":["rust","cargo"],"asked_by":"teo"},
              {"title":"systemd timer missed runs","tags":["systemd","linux"],"asked_by":"ines"}
            ]
            """, result.Rows);
        Assert.Equal(["postgresql, performance", "rust, cargo", "systemd, linux"], texts.Rows.Select(r => r["tags"]?.GetValue<string>()));
    }

    [Fact]
    public void IssueRows_HashNumber_LabelLinksUnderOneFolder_OpenedIsATime_AndPercentNamesItsColumn()
    {
        // Pins: "number" takes the "#4821" shown; links under /labels/ are the labels list; "opened" is a time (the
        // relative-time's datetime); "% Change" is the percent column, not the Change column.
        const string html = """
            <html><body><main><div class="issues">
            <div class="row"><a class="title" href="/w/issues/4821">Crash on empty config</a> <span class="lbls"><a href="/w/labels/bug">bug</a> <a href="/w/labels/good%20first%20issue">good first issue</a></span>
              <div class="meta">#4821 opened <relative-time datetime="2026-12-04T10:11:00Z">2 days ago</relative-time> by <a href="/w/issues?q=author%3Akpham">kpham</a></div></div>
            <div class="row"><a class="title" href="/w/issues/4819">Document the retry option</a> <span class="lbls"><a href="/w/labels/docs">docs</a></span>
              <div class="meta">#4819 opened <relative-time datetime="2026-12-01T08:00:00Z">5 days ago</relative-time> by <a href="/w/issues?q=author%3Amvale">mvale</a></div></div>
            <div class="row"><a class="title" href="/w/issues/4802">Windows paths in globs</a> <span class="lbls"><a href="/w/labels/enhancement">enhancement</a> <a href="/w/labels/windows">windows</a></span>
              <div class="meta">#4802 opened <relative-time datetime="2026-11-20T14:30:00Z">on Nov 20</relative-time> by <a href="/w/issues?q=author%3Ayusuf">yusuf</a></div></div>
            </div></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "title":{"type":"string"},"number":{"type":"integer"},"labels":{"type":"array","items":{"type":"string"}},"opened":{"type":"string","format":"date-time"}
            }}}
            """;

        var result = Extract(html, schema, url: "https://git.example/w/issues");

        Rows("""
            [
              {"title":"Crash on empty config","number":4821,"labels":["bug","good first issue"],"opened":"2026-12-04T10:11:00Z"},
              {"title":"Document the retry option","number":4819,"labels":["docs"],"opened":"2026-12-01T08:00:00Z"},
              {"title":"Windows paths in globs","number":4802,"labels":["enhancement","windows"],"opened":"2026-11-20T14:30:00Z"}
            ]
            """, result.Rows);
        Assert.Equal(["percent", "change"], Words.Tokens("% Change"));
        Assert.Equal(["change"], Words.Tokens("Change"));
    }

    [Fact]
    public void PackageRows_VersionShape_ProfileLinkIsThePublisher_AndTheDescriptionIsProseNotACount()
    {
        // Pins: "version" takes the "1.17.1" shown; a /~name profile link answers publisher (an author word); the
        // description is the prose paragraph, not a longer "47,812,004 weekly downloads".
        const string html = """
            <html><body><main><div class="results">
            <section class="pkg"><a href="/package/fastq"><h3>fastq</h3></a><span>exact match</span><p class="x1">Fast, in memory work queue</p>
              <div><a href="/~mcollina">mcollina</a> <span>published <span>1.17.1</span> • <span>6 days ago</span></span></div><p class="x2">47,812,004 weekly downloads</p></section>
            <section class="pkg"><a href="/package/p-queue"><h3>p-queue</h3></a><p class="x1">Promise queue with concurrency control</p>
              <div><a href="/~sindresorhus">sindresorhus</a> <span>published <span>8.0.1</span> • <span>10 months ago</span></span></div><p class="x2">9,120,447 weekly downloads</p></section>
            <section class="pkg"><a href="/package/bullmq"><h3>bullmq</h3></a><p class="x1">Queue for jobs on Redis</p>
              <div><a href="/~manast">manast</a> <span>published <span>5.34.2-beta.1</span> • <span>a day ago</span></span></div><p class="x2">1,803,221 weekly downloads</p></section>
            </div></main></body></html>
            """;
        const string schema = """{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"description":{"type":"string"},"publisher":{"type":"string"},"version":{"type":"string"}}}}""";

        var result = Extract(html, schema, url: "https://registry.example/search?q=queue");

        Rows("""
            [
              {"name":"fastq","description":"Fast, in memory work queue","publisher":"mcollina","version":"1.17.1"},
              {"name":"p-queue","description":"Promise queue with concurrency control","publisher":"sindresorhus","version":"8.0.1"},
              {"name":"bullmq","description":"Queue for jobs on Redis","publisher":"manast","version":"5.34.2-beta.1"}
            ]
            """, result.Rows);
        Assert.True(RecordMapper.IsProfileLink("/users/311/mara"));
        Assert.True(RecordMapper.IsProfileLink("https://video.example/@dbweekly"));
        Assert.False(RecordMapper.IsProfileLink("/package/fastq"));
    }

    [Fact]
    public void CourseCards_DurationRangeInASubLine_AndALabelledValueIsNoCaption()
    {
        // Pins: "Beginner · Course · 1 - 3 Months" gives the duration "1 - 3 Months" and the caption "Beginner" to level;
        // "<b>Skills you'll gain:</b> SQL, Tableau" is a labelled value, never a caption for level.
        const string html = """
            <html><body><main><ul class="grid">
            <li class="card"><p class="partner">Stanford University</p><a href="/s/ml"><h3>Machine Learning</h3></a><p class="body"><b>Skills you'll gain:</b> Regression, Classification</p><p class="meta">Beginner · Specialization · 1 - 3 Months</p></li>
            <li class="card"><p class="partner">Google</p><a href="/s/da"><h3>Data Analytics</h3></a><p class="body"><b>Skills you'll gain:</b> SQL, Tableau</p><p class="meta">Beginner · Professional Certificate · 3 - 6 Months</p></li>
            <li class="card"><p class="partner">Duke University</p><a href="/s/rust"><h3>Rust Fundamentals</h3></a><p class="body"><b>Skills you'll gain:</b> Rust, Cargo</p><p class="meta">Intermediate · Course · 1 - 4 Weeks</p></li>
            </ul></main></body></html>
            """;

        var result = Extract(html, fields: ["title", "level", "duration"], url: "https://learn.example/search");

        Rows("""
            [
              {"title":"Machine Learning","level":"Beginner","duration":"1 - 3 Months"},
              {"title":"Data Analytics","level":"Beginner","duration":"3 - 6 Months"},
              {"title":"Rust Fundamentals","level":"Intermediate","duration":"1 - 4 Weeks"}
            ]
            """, result.Rows);
    }

    [Fact]
    public void StrikeDataAttribute_MarksTheOriginalPrice_AndALinksFragmentNamesItsCount()
    {
        // Pins: a price under data-a-strike="true" is the original price, not the price; a link to "/dp/B0A1#reviews"
        // whose text is "12,931" answers reviews.
        const string html = """
            <html><body><main><div class="results">
            <div class="result"><h2><a href="/dp/A1"><span>Sony WH-1000XM5</span></a></h2><a href="/dp/A1#reviews"><span>12,931</span></a>
              <span class="a-price"><span class="a-offscreen">$328.00</span></span> <span class="a-price" data-a-strike="true"><span class="a-offscreen">$399.99</span></span></div>
            <div class="result"><h2><a href="/dp/B2"><span>Anker Q30</span></a></h2><a href="/dp/B2#reviews"><span>98,402</span></a>
              <span class="a-price"><span class="a-offscreen">$59.99</span></span></div>
            <div class="result"><h2><a href="/dp/C3"><span>JBL Tune 510BT</span></a></h2><a href="/dp/C3#reviews"><span>77,120</span></a>
              <span class="a-price"><span class="a-offscreen">$29.95</span></span> <span class="a-price" data-a-strike="true"><span class="a-offscreen">$49.95</span></span></div>
            </div></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "title":{"type":"string"},"price":{"type":"number"},"original_price":{"type":["number","null"]},"reviews":{"type":"integer"}
            }}}
            """;

        var result = Extract(html, schema, url: "https://shop.example/s?k=headphones");

        Rows("""
            [
              {"title":"Sony WH-1000XM5","price":328,"original_price":399.99,"reviews":12931},
              {"title":"Anker Q30","price":59.99,"reviews":98402},
              {"title":"JBL Tune 510BT","price":29.95,"original_price":49.95,"reviews":77120}
            ]
            """, result.Rows);
        Assert.Null(OpsDashboard.Core.Extraction.Record.LinkFragment("#top"));
    }

    [Fact]
    public void WholeCardLink_ItsTextsAreTheCards_ABadgeClassAnswersAYesNo_AndANumberWordIsAWhole()
    {
        // Pins: inside an a that wraps the card (it holds the heading), "2 hrs ago" is the updated time and "UK" a caption;
        // a "LIVE" badge classed "sc-live" makes live true (false where absent); "tense" is not "ten" + "se" of section.
        const string html = """
            <html><body><main>
            <div class="card"><a href="/news/c1"><h2>Rail strike called off</h2><p class="desc">Unions say the offer protects pay.</p><div class="meta"><span class="t">2 hrs ago</span> <span class="g">UK</span></div></a></div>
            <div class="card"><a href="/news/c2"><span class="sc-live">LIVE</span><h2>Markets react to rate decision</h2><p class="desc">The bank holds rates.</p><div class="meta"><span class="t">12 mins ago</span> <span class="g">Business</span></div></a></div>
            <div class="card"><a href="/news/c3"><h2>Late winner sends Rovers top</h2><p class="desc">A header settles a tense derby.</p><div class="meta"><span class="t">1 day ago</span> <span class="g">Football</span></div></a></div>
            </main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "headline":{"type":"string"},"updated":{"type":"string"},"section":{"type":"string"},"live":{"type":"boolean"}
            }}}
            """;

        var result = Extract(html, schema, url: "https://news.example/");

        Rows("""
            [
              {"headline":"Rail strike called off","updated":"2 hrs ago","section":"UK","live":false},
              {"headline":"Markets react to rate decision","updated":"12 mins ago","section":"Business","live":true},
              {"headline":"Late winner sends Rovers top","updated":"1 day ago","section":"Football","live":false}
            ]
            """, result.Rows);
    }

    [Fact]
    public void StarsWithALargeNumber_AreACountNotARating()
    {
        // Pins: "4.5 stars" is a rating; "1,024 stars today" is a count of stars (a rating is at most 10).
        Assert.Equal(4.5, ValueParsers.FindRating("4.5 stars"));
        Assert.Null(ValueParsers.FindRating("1,024 stars today"));
        Assert.Equal(4.6, ValueParsers.FindRating("Rating 4.6 out of 5 stars"));
    }
}
