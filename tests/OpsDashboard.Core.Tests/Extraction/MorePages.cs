namespace OpsDashboard.Core.Tests.Extraction;

/// <summary>Pages in other common shapes, written after the extractor, to check it generalises.</summary>
internal static class MorePages
{
    /// <summary>A grid with column wrappers (row > col > card), a sponsored card, an aside of filters and a "recently viewed" strip.</summary>
    public const string WrappedGrid = """
        <html><body>
        <div class="container">
          <aside class="filters">
            <h4>Brand</h4>
            <ul>
              <li><label><input type="checkbox"> Acme (12)</label></li><li><label><input type="checkbox"> Globex (8)</label></li>
              <li><label><input type="checkbox"> Initech (5)</label></li><li><label><input type="checkbox"> Umbrella (3)</label></li>
              <li><label><input type="checkbox"> Hooli (2)</label></li>
            </ul>
          </aside>
          <div class="content">
            <div class="row">
              <div class="col-md-4"><div class="card"><img class="card-img" src="/i/1.png" alt=""><div class="card-body"><h5 class="card-title"><a href="/item/kettle">Steel Kettle</a></h5><p class="card-text">1.7 l, auto shut-off</p><span class="badge">-20%</span><p class="cost"><span class="strike">€49,99</span> €39,99</p></div></div></div>
              <div class="col-md-4"><div class="card"><img class="card-img" src="/i/2.png" alt=""><div class="card-body"><h5 class="card-title"><a href="/item/toaster">2-Slot Toaster</a></h5><p class="card-text">Bagel mode</p><p class="cost">€29,00</p></div></div></div>
              <div class="col-md-4"><div class="card promoted"><img class="card-img" src="/i/ad.png" alt=""><div class="card-body"><h5 class="card-title"><a href="/item/blender-pro">Blender Pro</a></h5><p class="card-text">Best seller</p><p class="cost">€99,00</p></div></div></div>
              <div class="col-md-4"><div class="card"><img class="card-img" src="/i/3.png" alt=""><div class="card-body"><h5 class="card-title"><a href="/item/mixer">Hand Mixer</a></h5><p class="card-text">5 speeds</p><p class="cost">€34,50</p></div></div></div>
              <div class="col-md-4"><div class="card"><img class="card-img" src="/i/4.png" alt=""><div class="card-body"><h5 class="card-title"><a href="/item/grinder">Coffee Grinder</a></h5><p class="card-text">Burr, 40 settings</p><span class="badge">New</span><p class="cost">€1.149,00</p></div></div></div>
            </div>
            <section class="recent">
              <h3>Recently viewed</h3>
              <div class="strip"><a href="/item/kettle">Steel Kettle</a><a href="/item/scale">Kitchen Scale</a><a href="/item/pan">Frying Pan</a></div>
            </section>
          </div>
        </div>
        </body></html>
        """;

    /// <summary>Customer reviews: star glyphs, author and date in a byline, a helpful count.</summary>
    public const string Reviews = """
        <html><body><main>
          <h2>Reviews</h2>
          <div id="reviews">
            <div class="review" id="r-101">
              <div class="stars" title="5 out of 5 stars">★★★★★</div>
              <h4>Perfect for commuting</h4>
              <div class="byline">by <span class="author">Sam P.</span> on <time datetime="2024-04-18">April 18, 2024</time></div>
              <p class="body">Fits a 16" laptop and still feels light.</p>
              <div class="helpful">12 people found this helpful</div>
            </div>
            <div class="review" id="r-102">
              <div class="stars" title="2 out of 5 stars">★★☆☆☆</div>
              <h4>Zip broke</h4>
              <div class="byline">by <span class="author">Lee</span> on <time datetime="2024-03-02">March 2, 2024</time></div>
              <p class="body">The main zip failed after a month.</p>
              <div class="helpful">3 people found this helpful</div>
            </div>
            <div class="review" id="r-103">
              <div class="stars" title="4 out of 5 stars">★★★★☆</div>
              <h4>Good, not great</h4>
              <div class="byline">by <span class="author">Kim O.</span> on <time datetime="2024-01-09">January 9, 2024</time></div>
              <p class="body">Comfortable straps; the bottle pocket is small.</p>
              <div class="helpful">0 people found this helpful</div>
            </div>
          </div>
        </main></body></html>
        """;

    /// <summary>Job posts as articles directly in main, with "Label: value" lines and a salary range.</summary>
    public const string Jobs = """
        <html><body>
        <header><a href="/">Jobs</a><nav><a href="/post">Post a job</a> <a href="/login">Log in</a></nav></header>
        <main>
          <h1>Remote .NET jobs</h1>
          <article class="job">
            <h2><a href="/jobs/881">Senior C# Engineer</a></h2>
            <div class="company">Contoso</div>
            <ul class="meta"><li>Location: Remote (EU)</li><li>Salary: $120,000 – $150,000</li><li>Posted: 2 days ago</li></ul>
          </article>
          <article class="job">
            <h2><a href="/jobs/882">Platform Engineer (.NET)</a></h2>
            <div class="company">Fabrikam</div>
            <ul class="meta"><li>Location: Lisbon</li><li>Salary: €70,000</li><li>Posted: 1 week ago</li></ul>
          </article>
          <article class="job">
            <h2><a href="/jobs/883">Backend Developer</a></h2>
            <div class="company">Northwind</div>
            <ul class="meta"><li>Location: Remote (US)</li><li>Salary: not disclosed</li><li>Posted: today</li></ul>
          </article>
        </main>
        <footer><ul><li><a href="/a">About</a></li><li><a href="/b">Blog</a></li><li><a href="/c">Contact</a></li></ul></footer>
        </body></html>
        """;
}
