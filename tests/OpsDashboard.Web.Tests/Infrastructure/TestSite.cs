using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpsDashboard.Web.Tests.Infrastructure;

/// <summary>
/// A tiny site on its own loopback port for the gateway's browser to act on: a page with a link,
/// a form with labelled fields, a long page to scroll, and a slow page.
/// </summary>
public sealed class TestSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestSite(WebApplication app, string baseUrl, HeldPage held)
    {
        _app = app;
        BaseUrl = baseUrl;
        Held = held;
    }

    public string BaseUrl { get; }

    /// <summary><c>/held</c> answers only when the test releases it, and tells when its request arrived.</summary>
    public HeldPage Held { get; }

    public string Url(string path) => BaseUrl + path;

    public static async Task<TestSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var held = new HeldPage();
        app.MapGet("/", () => Html("Contract page", """
            <header><nav><a href="/about">About us</a></nav></header>
            <main>
              <h1>Contract page</h1>
              <h2>Section one</h2>
              <p><a href="/next">Next page</a></p>
              <p><a href="/form">Open the form</a></p>
            </main>
            """));
        app.MapGet("/next", () => Html("Second page", "<main><h1>Second page</h1><a href=\"/\">Back home</a></main>"));
        app.MapGet("/about", () => Html("About", "<main><h1>About us</h1></main>"));
        // Three colour bands: red down to 2000 px, blue to 2800 px, green below; "Blue band" scrolls the blue one to the top.
        app.MapGet("/bands", () => Html("Bands", """
            <p style="margin:0;height:40px"><a href="#blue">Blue band</a></p>
            <div style="height:1960px;background:#ff0000"></div>
            <div id="blue" style="height:800px;background:#0000ff"></div>
            <div style="height:4000px;background:#00ff00"></div>
            """));
        app.MapGet("/form", () => Html("Form", """
            <main>
              <h1>Search form</h1>
              <form action="/results" method="get">
                <label for="q">Search</label>
                <input id="q" name="q" placeholder="Search products">
                <label for="email">Email address</label>
                <input id="email" name="email" type="email">
                <button type="submit">Go</button>
              </form>
            </main>
            """));
        app.MapGet("/results", (HttpRequest r) => Html("Results",
            $"<main><h1>Results for {System.Net.WebUtility.HtmlEncode(r.Query["q"].ToString())}</h1><p id=\"email\">{System.Net.WebUtility.HtmlEncode(r.Query["email"].ToString())}</p></main>"));
        // A page slow to leave (its beforeunload handler works for a second), so the navigation's
        // request starts long after Enter: the agent must still act on the results, not on this page.
        app.MapGet("/slow-leave", () => Html("Deals", """
            <header><form role="search" action="/found" method="get"><label for="q">Search</label><input id="q" name="q" type="search"></form></header>
            <main>
              <h1>Today's deals</h1>
              <ul class="deals">
                <li class="card"><h3><a href="/p/deal-1">Deal of the day</a></h3><span class="price">$9.99</span></li>
                <li class="card"><h3><a href="/p/deal-2">Second deal</a></h3><span class="price">$19.99</span></li>
                <li class="card"><h3><a href="/p/deal-3">Third deal</a></h3><span class="price">$29.99</span></li>
              </ul>
            </main>
            <script>addEventListener('beforeunload', () => { const end = Date.now() + 1000; while (Date.now() < end) { } });</script>
            """));
        // Buttons whose page leaves a moment after the click: from a short timer, or once a request it sent is answered.
        app.MapGet("/late-leave", () => Html("Late leave", """
            <main>
              <h1>Late leave</h1>
              <button type="button" onclick="setTimeout(() => { location.href = '/next'; }, 150)">Continue later</button>
              <button type="button" onclick="fetch('/late-leave/ack').then(() => { location.href = '/next'; })">Save and continue</button>
              <button type="button" onclick="document.getElementById('said').textContent = 'Hello there'">Say hello</button>
              <p id="said"></p>
            </main>
            """));
        app.MapGet("/late-leave/ack", async () =>
        {
            await Task.Delay(120);
            return Results.Text("ok");
        });
        app.MapGet("/people/{id}", (string id) => Html("Person", $"<main><h1>Person {System.Net.WebUtility.HtmlEncode(id)}</h1></main>"));
        app.MapGet("/p/{id}", (string id) => Html("Product", $"<main><h1>Product {System.Net.WebUtility.HtmlEncode(id)}</h1></main>"));
        app.MapGet("/found", (HttpRequest r) =>
        {
            var q = System.Net.WebUtility.HtmlEncode(r.Query["q"].ToString());
            return Html("Found", $"""
                <main><h1>Results for {q}</h1><ul class="results">
                <li class="card"><h3><a href="/p/found-1">{q} first result</a></h3><span class="price">$1.00</span></li>
                <li class="card"><h3><a href="/p/found-2">{q} second result</a></h3><span class="price">$2.00</span></li>
                <li class="card"><h3><a href="/p/found-3">{q} third result</a></h3><span class="price">$3.00</span></li>
                </ul></main>
                """);
        });
        app.MapGet("/products", () => Html("Products", """
            <main>
              <h1>Products</h1>
              <ul class="grid">
                <li class="card"><h3><a href="/p/1">Blue Kettle</a></h3><span class="price">$24.99</span></li>
                <li class="card"><h3><a href="/p/2">Red Toaster</a></h3><span class="price"><s>$59.00</s> $39.00</span></li>
                <li class="card"><h3><a href="/p/3">Green Mug</a></h3><span class="price">$7.50</span></li>
                <li class="card"><h3><a href="/p/4">Steel Pan</a></h3><span class="price">$31.00</span></li>
              </ul>
            </main>
            <footer><ul><li><a href="/about">About</a></li><li><a href="/help">Help</a></li><li><a href="/terms">Terms</a></li><li><a href="/privacy">Privacy</a></li></ul></footer>
            """));
        app.MapGet("/js-items", () => Html("Scripted list", """
            <main><h1>Team</h1><ul id="team"></ul></main>
            <script>
              const names = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov"];
              document.getElementById("team").innerHTML = names.map((n, i) =>
                `<li class="member"><h3><a href="/people/${i + 1}">${n}</a></h3><span class="role">Engineer ${i + 1}</span></li>`).join("");
            </script>
            """));
        // The list is fetched after load from a slow endpoint (800 ms), like a real site's XHR.
        app.MapGet("/late-items", () => Html("Late list", """
            <main><h1>Team</h1><p id="status">Loading the team…</p><ul id="team"></ul></main>
            <script>
              addEventListener("load", async () => {
                const names = await (await fetch("/late-items/data")).json();
                document.getElementById("team").innerHTML = names.map((n, i) =>
                  `<li class="member"><h3><a href="/people/${i + 1}">${n}</a></h3><span class="role">Engineer ${i + 1}</span></li>`).join("");
                document.getElementById("status").textContent = names.length + " people";
              });
            </script>
            """));
        app.MapGet("/late-items/data", async (int? ms) =>
        {
            await Task.Delay(ms ?? 800);
            return Results.Json(new[] { "Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov", "Frances Allen" });
        });
        // A page whose load event comes late (an image that takes 5 s) and which only then fetches its
        // list (1.5 s more): when a step arrives 5.5 s after the navigation began, the page is old by
        // the clock but its list is still on the way.
        app.MapGet("/late-load-items", () => Html("Late load", """
            <main><h1>Team</h1><img alt="banner" src="/slow-image?ms=5000" width="10" height="10"><ul id="team"></ul></main>
            <script>
              addEventListener("load", async () => {
                const names = await (await fetch("/late-items/data?ms=1500")).json();
                document.getElementById("team").innerHTML = names.map((n, i) =>
                  `<li class="member"><h3><a href="/people/${i + 1}">${n}</a></h3></li>`).join("");
              });
            </script>
            """));
        app.MapGet("/slow-image", async (int ms) =>
        {
            await Task.Delay(ms);
            return Results.Bytes(Convert.FromBase64String("R0lGODlhAQABAAAAACw="), "image/gif");
        });
        app.MapGet("/infinite", () => Html("Feed", """
            <main><h1>Feed</h1><ol id="feed"></ol><div id="end">Loading…</div></main>
            <script>
              let n = 0;
              function more() {
                if (n >= 60) { document.getElementById("end").textContent = "No more items"; return; }
                const html = [];
                for (let i = 0; i < 15; i++) { n++; html.push(`<li class="post"><h3><a href="/posts/${n}">Post number ${n}</a></h3><p>Body ${n}</p></li>`); }
                document.getElementById("feed").insertAdjacentHTML("beforeend", html.join(""));
              }
              more();
              window.addEventListener("scroll", () => {
                if (window.innerHeight + window.scrollY >= document.body.scrollHeight - 50) setTimeout(more, 100);
              });
            </script>
            """));
        app.MapGet("/long", () => Html("Long page",
            "<main><h1>Top of the long page</h1>" + string.Concat(Enumerable.Range(1, 200).Select(i => $"<p>Paragraph {i}</p>")) + "<h2 id=\"end\">The end</h2></main>"));
        app.MapGet("/slow", async () =>
        {
            await Task.Delay(1500);
            return Html("Slow page", "<main><h1>Slow page</h1><a href=\"/\">Home</a></main>");
        });
        // A page that never finishes loading: headers and the start of the document, then nothing.
        app.MapGet("/hang", async (HttpContext http, IHostApplicationLifetime lifetime) =>
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Never loads</title></head><body><main><h1>Still loading</h1>"
                + new string(' ', 2048));
            await http.Response.Body.FlushAsync();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        });
        app.MapGet("/hang-link", () => Html("Links", "<main><h1>Links</h1><p><a href=\"/hang\">Never ending page</a></p><p><a href=\"/next\">Next page</a></p></main>"));
        app.MapGet("/held", async (HttpContext http) =>
        {
            held.Arrived.TrySetResult();
            await held.Release.Task.WaitAsync(http.RequestAborted);
            return Html("Held page", "<main><h1>Held page</h1></main>");
        });
        await app.StartAsync();
        var address = app.Urls.First();
        return new TestSite(app, address.TrimEnd('/'), held);
    }

    public sealed class HeldPage
    {
        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static IResult Html(string title, string body) =>
        Results.Content($"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>{body}</body></html>", "text/html; charset=utf-8");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
