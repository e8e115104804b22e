namespace OpsDashboard.Core.Tests.Extraction;

/// <summary>HTML pages written for the extractor's tests, each with a known right answer.</summary>
internal static class Pages
{
    /// <summary>
    /// Six backpacks in main: three on sale (struck original beside the current price), one with a
    /// lazy-loaded image (placeholder src, srcset only), one at $1,299.00, one hidden by the browser
    /// layer. A header nav and a footer with four columns of six links each.
    /// </summary>
    public const string ProductGrid = """
        <!doctype html>
        <html lang="en">
        <head><title>Backpacks – Gear Shop</title><base href="https://shop.example/"><style>.x{color:red}</style></head>
        <body>
        <header class="site-header">
          <a href="/" class="logo"><img src="/logo.svg" alt="Gear Shop"></a>
          <nav><ul>
            <li><a href="/new">New</a></li><li><a href="/men">Men</a></li><li><a href="/women">Women</a></li>
            <li><a href="/packs">Packs</a></li><li><a href="/sale">Sale</a></li>
          </ul></nav>
        </header>
        <main>
          <h1>Backpacks</h1>
          <p class="count">6 products</p>
          <div class="product-grid">
            <article class="product-card" data-sku="BP-1">
              <a href="/p/trail-25"><img src="/img/trail-25-300.jpg" srcset="/img/trail-25-300.jpg 300w, /img/trail-25-600.jpg 600w" alt="Trail 25"></a>
              <h2 class="product-title"><a href="/p/trail-25">Trail 25 Backpack</a></h2>
              <div class="rating" aria-label="Rated 4.5 out of 5">★★★★½ <span class="count">(128)</span></div>
              <div class="price"><s>$89.99</s> <span class="price-now">$59.99</span></div>
              <button>Add to cart</button>
            </article>
            <article class="product-card" data-sku="BP-2">
              <a href="/p/summit-40"><img src="data:image/gif;base64,R0lGOD" data-src="/img/summit-40.jpg" srcset="/img/summit-40-400.jpg 400w, /img/summit-40-800.jpg 800w" alt="Summit 40"></a>
              <h2 class="product-title"><a href="/p/summit-40">Summit 40 Pack</a></h2>
              <div class="rating" aria-label="Rated 4 out of 5">★★★★☆ <span class="count">(56)</span></div>
              <div class="price"><span class="price-now">$129.00</span></div>
              <button>Add to cart</button>
            </article>
            <article class="product-card" data-sku="BP-3">
              <a href="/p/city-18"><img src="/img/city-18.jpg" alt="City 18"></a>
              <h2 class="product-title"><a href="/p/city-18">City 18 Daypack</a></h2>
              <div class="rating" aria-label="Rated 3.5 out of 5">★★★½☆ <span class="count">(9)</span></div>
              <div class="price"><span class="price-was" style="text-decoration: line-through">$49.00</span> <span>$39.00</span></div>
              <button>Add to cart</button>
            </article>
            <article class="product-card" data-sku="BP-4">
              <a href="/p/expedition-90"><img src="/img/expedition-90.jpg" alt="Expedition 90"></a>
              <h2 class="product-title"><a href="/p/expedition-90">Expedition 90</a></h2>
              <div class="rating" aria-label="Rated 5 out of 5">★★★★★ <span class="count">(3)</span></div>
              <div class="price"><span class="price-now">$1,299.00</span></div>
              <button>Add to cart</button>
            </article>
            <article class="product-card" data-sku="BP-5" data-ops-hidden>
              <a href="/p/hidden-1"><img src="/img/hidden.jpg" alt="Hidden"></a>
              <h2 class="product-title"><a href="/p/hidden-1">Hidden Pack</a></h2>
              <div class="price"><span class="price-now">$10.00</span></div>
              <button>Add to cart</button>
            </article>
            <article class="product-card" data-sku="BP-6">
              <a href="/p/roll-top-30"><img src="/img/roll-top-30.jpg" alt="Roll Top 30"></a>
              <h2 class="product-title"><a href="/p/roll-top-30">Roll-Top 30 Dry Bag</a></h2>
              <div class="rating" aria-label="Rated 4.2 out of 5">★★★★☆ <span class="count">(77)</span></div>
              <div class="price"><del>$75.00</del> <ins>$64.50</ins></div>
              <button>Add to cart</button>
            </article>
            <article class="product-card" data-sku="BP-7">
              <a href="/p/hip-2"><img src="/img/hip-2.jpg" alt="Hip 2"></a>
              <h2 class="product-title"><a href="/p/hip-2">Hip Pack 2L</a></h2>
              <div class="rating" aria-label="Rated 4.8 out of 5">★★★★★ <span class="count">(301)</span></div>
              <div class="price"><span class="price-now">$24.95</span></div>
              <button>Add to cart</button>
            </article>
          </div>
          <div class="pagination"><a href="?page=1">1</a> <a href="?page=2">2</a> <a href="?page=3">3</a> <a href="?page=2">Next</a></div>
        </main>
        <footer>
          <div class="footer-col"><h3>Help</h3><ul>
            <li><a href="/help/shipping">Shipping</a></li><li><a href="/help/returns">Returns</a></li><li><a href="/help/sizing">Sizing</a></li>
            <li><a href="/help/warranty">Warranty</a></li><li><a href="/help/repairs">Repairs</a></li><li><a href="/help/contact">Contact us</a></li></ul></div>
          <div class="footer-col"><h3>Company</h3><ul>
            <li><a href="/about">About</a></li><li><a href="/careers">Careers</a></li><li><a href="/press">Press</a></li>
            <li><a href="/stores">Stores</a></li><li><a href="/sustainability">Sustainability</a></li><li><a href="/blog">Blog</a></li></ul></div>
          <div class="footer-col"><h3>Shop</h3><ul>
            <li><a href="/packs">Packs</a></li><li><a href="/tents">Tents</a></li><li><a href="/bags">Sleeping bags</a></li>
            <li><a href="/stoves">Stoves</a></li><li><a href="/lights">Lights</a></li><li><a href="/gift-cards">Gift cards</a></li></ul></div>
          <div class="footer-col"><h3>Follow</h3><ul>
            <li><a href="https://social.example/gear">Social</a></li><li><a href="https://video.example/gear">Video</a></li><li><a href="/newsletter">Newsletter</a></li>
            <li><a href="/rss">RSS</a></li><li><a href="/app">App</a></li><li><a href="/affiliates">Affiliates</a></li></ul></div>
          <p>© 2024 Gear Shop</p>
        </footer>
        <script>window.analytics = { track: function () {} };</script>
        </body>
        </html>
        """;

    /// <summary>A small table of plan limits above the real customers table (five rows, a header with units and punctuation).</summary>
    public const string CustomerTables = """
        <!doctype html>
        <html><body>
        <nav><a href="/">Home</a> <a href="/customers">Customers</a> <a href="/orders">Orders</a></nav>
        <main>
          <h1>Customers</h1>
          <table id="plan-limits">
            <thead><tr><th>Plan</th><th>Seats</th></tr></thead>
            <tbody><tr><td>Free</td><td>3</td></tr><tr><td>Team</td><td>25</td></tr></tbody>
          </table>
          <table id="customers" class="data">
            <thead><tr><th>Customer</th><th>E-mail</th><th>Signed up</th><th>Lifetime value ($)</th><th>Active?</th><th>Orders</th></tr></thead>
            <tbody>
              <tr><td><a href="/customers/17">Ada Lovelace</a></td><td>ada@example.com</td><td><time datetime="2023-04-01">Apr 1, 2023</time></td><td>$1,250.50</td><td>✓</td><td>12</td></tr>
              <tr><td><a href="/customers/18">Alan Turing</a></td><td>alan@example.com</td><td><time datetime="2023-05-12">May 12, 2023</time></td><td>$980.00</td><td>✗</td><td>7</td></tr>
              <tr><td><a href="/customers/19">Grace Hopper</a></td><td>grace@example.com</td><td><time datetime="2023-06-30">Jun 30, 2023</time></td><td>$12,400.75</td><td>yes</td><td>1,204</td></tr>
              <tr><td><a href="/customers/20">Katherine Johnson</a></td><td>kj@example.com</td><td><time datetime="2024-01-02">Jan 2, 2024</time></td><td>$0.00</td><td>no</td><td>0</td></tr>
              <tr><td><a href="/customers/21">Edsger Dijkstra</a></td><td>edsger@example.com</td><td><time datetime="2024-02-29">Feb 29, 2024</time></td><td>$310.20</td><td>true</td><td>3</td></tr>
            </tbody>
          </table>
          <p>Showing 5 of 5 customers.</p>
        </main>
        </body></html>
        """;

    /// <summary>Team profile cards, each a heading and a dl of label/value pairs; one has no phone.</summary>
    public const string ProfileCards = """
        <!doctype html>
        <html><body>
        <main>
          <h1>Our team</h1>
          <section class="team">
            <div class="profile">
              <img src="/people/ana.jpg" alt="Ana Ruiz">
              <h3>Ana Ruiz</h3>
              <dl><dt>Role</dt><dd>Engineering Manager</dd><dt>Email</dt><dd><a href="mailto:ana@corp.example">ana@corp.example</a></dd>
                  <dt>Phone</dt><dd>+1 415 555 0101</dd><dt>Location</dt><dd>Madrid</dd></dl>
            </div>
            <div class="profile">
              <img src="/people/bo.jpg" alt="Bo Chen">
              <h3>Bo Chen</h3>
              <dl><dt>Role</dt><dd>Designer</dd><dt>Email</dt><dd><a href="mailto:bo@corp.example">bo@corp.example</a></dd>
                  <dt>Phone</dt><dd>+1 415 555 0102</dd><dt>Location</dt><dd>Berlin</dd></dl>
            </div>
            <div class="profile">
              <img src="/people/chidi.jpg" alt="Chidi Okafor">
              <h3>Chidi Okafor</h3>
              <dl><dt>Role</dt><dd>Support Lead</dd><dt>Email</dt><dd><a href="mailto:chidi@corp.example">chidi@corp.example</a></dd>
                  <dt>Location</dt><dd>Lagos</dd></dl>
            </div>
            <div class="profile">
              <img src="/people/dana.jpg" alt="Dana Levi">
              <h3>Dana Levi</h3>
              <dl><dt>Role</dt><dd>Data Scientist</dd><dt>Email</dt><dd><a href="mailto:dana@corp.example">dana@corp.example</a></dd>
                  <dt>Phone</dt><dd>+972 3 555 0104</dd><dt>Location</dt><dd>Tel Aviv</dd></dl>
            </div>
          </section>
        </main>
        </body></html>
        """;

    /// <summary>One dl holding a run of records: the labels come back for each person.</summary>
    public const string DlRun = """
        <html><body><main>
          <h1>Contacts</h1>
          <dl class="contacts">
            <dt>Name</dt><dd>Mia Wong</dd><dt>Email</dt><dd>mia@example.org</dd><dt>City</dt><dd>Oslo</dd>
            <dt>Name</dt><dd>Noah Kim</dd><dt>Email</dt><dd>noah@example.org</dd><dt>City</dt><dd>Seoul</dd>
            <dt>Name</dt><dd>Olga Ivanova</dd><dt>Email</dt><dd>olga@example.org</dd><dt>City</dt><dd>Riga</dd>
          </dl>
        </main></body></html>
        """;

    /// <summary>
    /// Search results: two sponsored entries that look exactly like results (one marked by a visible
    /// "Sponsored" label, one by a data attribute) among five organic ones, and a related-searches list.
    /// </summary>
    public const string SearchResults = """
        <!doctype html>
        <html><body>
        <header><form action="/search"><input name="q" value="usb wifi adapter"><button>Search</button></form></header>
        <main>
          <div id="search">
            <ol class="results">
              <li class="result">
                <span class="label">Sponsored</span>
                <h3><a href="https://ads.example/click?id=1">Cheap USB WiFi Adapters – Free Shipping</a></h3>
                <cite>ads.example</cite>
                <p class="snippet">Buy now and save on USB WiFi adapters from top brands.</p>
              </li>
              <li class="result">
                <h3><a href="https://www.tp-link.example/archer-t2u">Archer T2U Nano – AC600 USB WiFi Adapter</a></h3>
                <cite>tp-link.example › archer-t2u</cite>
                <p class="snippet">Dual band wireless, 433 Mbps on 5 GHz, works on Linux with the rtl8811au driver.</p>
              </li>
              <li class="result" data-ad="true">
                <h3><a href="https://shop.example/usb-wifi?ref=ad">USB WiFi Adapter Deals</a></h3>
                <cite>shop.example</cite>
                <p class="snippet">Top rated adapters, delivered tomorrow.</p>
              </li>
              <li class="result">
                <h3><a href="https://wiki.example/wiki/USB_Wi-Fi">USB Wi-Fi adapter - Wiki</a></h3>
                <cite>wiki.example › wiki</cite>
                <p class="snippet">A USB Wi-Fi adapter connects a computer to a wireless network, using USB 2.0 or 3.0.</p>
              </li>
              <li class="result">
                <h3><a href="https://forum.example/t/best-usb-wifi-for-linux/4411">Best USB WiFi for Linux? : linuxhardware</a></h3>
                <cite>forum.example › t › 4411</cite>
                <p class="snippet">Look for chipsets with in-kernel drivers, such as mt7612u and mt7921au.</p>
              </li>
              <li class="result">
                <h3><a href="https://reviews.example/best-wifi-adapters">The 6 Best USB Wi-Fi Adapters of 2024</a></h3>
                <cite>reviews.example</cite>
                <p class="snippet">We tested 20 adapters for speed, range and driver support.</p>
              </li>
              <li class="result">
                <h3><a href="https://docs.example/usb-wifi/setup">Setting up a USB WiFi adapter</a></h3>
                <cite>docs.example › usb-wifi</cite>
                <p class="snippet">Plug the adapter in, then check that the interface appears with ip link.</p>
              </li>
            </ol>
            <div class="related">
              <h4>Related searches</h4>
              <ul>
                <li><a href="/search?q=usb+wifi+linux">usb wifi linux</a></li>
                <li><a href="/search?q=usb+wifi+6">usb wifi 6</a></li>
                <li><a href="/search?q=usb+wifi+long+range">usb wifi long range</a></li>
                <li><a href="/search?q=usb+wifi+mac">usb wifi mac</a></li>
                <li><a href="/search?q=usb+wifi+driver">usb wifi driver</a></li>
                <li><a href="/search?q=usb+wifi+dongle">usb wifi dongle</a></li>
              </ul>
            </div>
          </div>
        </main>
        </body></html>
        """;

    /// <summary>A docs sidebar nav of ten links next to the main list of four releases.</summary>
    public const string NavAndMainList = """
        <html><body>
        <nav class="docs-nav"><ul>
          <li><a href="/docs/intro">Introduction</a></li><li><a href="/docs/install">Install</a></li><li><a href="/docs/config">Configuration</a></li>
          <li><a href="/docs/api">API</a></li><li><a href="/docs/cli">CLI</a></li><li><a href="/docs/plugins">Plugins</a></li>
          <li><a href="/docs/faq">FAQ</a></li><li><a href="/docs/security">Security</a></li><li><a href="/docs/changelog">Changelog</a></li>
          <li><a href="/docs/license">License</a></li>
        </ul></nav>
        <main>
          <h1>Releases</h1>
          <ul class="releases">
            <li><a href="/releases/3.2">Version 3.2</a> – <time datetime="2024-05-02">May 2, 2024</time></li>
            <li><a href="/releases/3.1">Version 3.1</a> – <time datetime="2024-02-14">Feb 14, 2024</time></li>
            <li><a href="/releases/3.0">Version 3.0</a> – <time datetime="2023-11-20">Nov 20, 2023</time></li>
            <li><a href="/releases/2.9">Version 2.9</a> – <time datetime="2023-08-01">Aug 1, 2023</time></li>
          </ul>
        </main>
        </body></html>
        """;

    /// <summary>Rows with no labels at all, where only x-selector hints can say which span is which.</summary>
    public const string Unlabelled = """
        <html><body><main>
          <div class="rows">
            <div class="row"><span class="c1">Acme</span><span class="c2">Rocket Skates</span><code>SKU-001</code><a href="/buy/1">Buy</a><a class="more" href="/details/1">Details</a></div>
            <div class="row"><span class="c1">Acme</span><span class="c2">Giant Magnet</span><code>SKU-002</code><a href="/buy/2">Buy</a><a class="more" href="/details/2">Details</a></div>
            <div class="row"><span class="c1">Globex</span><span class="c2">Hammock</span><code>SKU-003</code><a href="/buy/3">Buy</a><a class="more" href="/details/3">Details</a></div>
            <div class="row"><span class="c1">Initech</span><span class="c2">Stapler</span><a href="/buy/4">Buy</a><a class="more" href="/details/4">Details</a></div>
          </div>
        </main></body></html>
        """;

    /// <summary>Listings whose values are "Label: value" texts in many number, boolean and date spellings.</summary>
    public const string Listings = """
        <html><body><main>
          <ul class="listings">
            <li class="listing">
              <h3>Canal loft</h3>
              <p>Rent: $1,299.00 / month</p><p>Deposit: 1.299,50 €</p><p>Pets allowed: yes</p><p>Furnished: ✓</p>
              <p>Views: 1,234</p><p>Listed: Mar 3, 2024</p><p>Score: 4.5 out of 5</p>
            </li>
            <li class="listing">
              <h3>Garden studio</h3>
              <p>Rent: $850 / month</p><p>Deposit: 850,00 €</p><p>Pets allowed: no</p><p>Furnished: ✗</p>
              <p>Views: 87</p><p>Listed: 12 January 2024</p><p>Score: 3 out of 5</p>
            </li>
            <li class="listing">
              <h3>Harbour penthouse</h3>
              <p>Rent: $4,750.50 / month</p><p>Deposit: 10.000 €</p><p>Pets allowed: true</p><p>Furnished: Yes</p>
              <p>Views: 12k</p><p>Listed: 2023-12-24</p><p>Score: 4.9/5</p>
            </li>
          </ul>
        </main></body></html>
        """;

    /// <summary>An article page for Markdown: chrome around a main with headings, a list, a table and an image.</summary>
    public const string Article = """
        <!doctype html>
        <html><head><title>Field notes</title><style>body{font:16px serif}</style></head>
        <body>
        <nav><a href="/">Home</a> | <a href="/blog">Blog</a></nav>
        <main>
          <article>
            <h1>Packing  for a <em>long</em> hike</h1>
            <p>Start with the <a href="/guides/big-three">big three</a>: pack,
               tent and sleeping bag. Weigh <strong>everything</strong>.</p>
            <p data-ops-hidden>This paragraph is hidden and must not appear.</p>
            <h2>Checklist</h2>
            <ul>
              <li>Water filter</li>
              <li>Layers
                <ul><li>Rain jacket</li><li>Fleece</li></ul>
              </li>
              <li><a href="https://maps.example/trail">Map</a> and compass</li>
            </ul>
            <ol start="3"><li>Leave a plan</li><li>Check the forecast</li></ol>
            <table>
              <thead><tr><th>Item</th><th>Weight (g)</th></tr></thead>
              <tbody><tr><td>Tent</td><td>1,200</td></tr><tr><td>Stove | fuel</td><td>350</td></tr></tbody>
            </table>
            <p><img src="/img/trail.jpg" alt="The trail at dawn"><br>Photo: the trail at dawn.</p>
            <aside>Related: our other guides</aside>
            <script>console.log("x")</script>
          </article>
        </main>
        <footer><a href="/privacy">Privacy</a></footer>
        </body></html>
        """;
}
