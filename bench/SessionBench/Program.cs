// Session gateway benchmark: the same work done through the gateway (HTTP → session service →
// Playwright) and with raw Playwright in this process, measured in one run so the ratio is fair
// on a shared, noisy machine. Work: open a session on a page, click a link, take a screenshot, close.
// usage: dotnet run -c Release --project bench/SessionBench -- [iterations]
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

var iterations = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20;
var root = FindRoot();
var appDll = Path.Combine(root, "src", "OpsDashboard.Web", "bin", "Release", "net10.0", "OpsDashboard.dll");
if (!File.Exists(appDll))
{
    Console.Error.WriteLine($"Build the app first: dotnet build {Path.Combine(root, "src", "OpsDashboard.Web")} -c Release");
    return 2;
}
var data = Directory.CreateTempSubdirectory("opsdash-bench").FullName;
const string key = "bench_key_0000000000000000000000000000";
const string baseUrl = "http://127.0.0.1:5391";
var app = Process.Start(new ProcessStartInfo("dotnet", $"\"{appDll}\" --urls {baseUrl}")
{
    WorkingDirectory = Path.GetDirectoryName(appDll)!,
    Environment = { ["OPSDASH_DATA"] = data, ["OPSDASH_API_KEY"] = key, ["Logging__LogLevel__Default"] = "Warning", ["Ops__WarmPoolSize"] = "2" },
    RedirectStandardOutput = true,
})!;
try
{
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
    http.DefaultRequestHeaders.Add("X_MULTION_API_KEY", key);
    for (var i = 0; i < 120 && !(await Ready(http)); i++)
    {
        await Task.Delay(500);
    }
    var page = $"{baseUrl}/practice/";

    // Warm-up both paths once.
    await Gateway(http, page);
    using var pw = await Playwright.CreateAsync();
    await using var browser = await pw.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    });
    await Raw(browser, page);

    var gw = new List<(double Create, double Step, double Shot, double Total)>();
    var raw = new List<(double Create, double Step, double Shot, double Total)>();
    for (var i = 0; i < iterations; i++)
    {
        // Interleaved so that machine noise hits both alike.
        gw.Add(await Gateway(http, page));
        raw.Add(await Raw(browser, page));
        await Task.Delay(300); // let the warm pool refill, as it would between real requests
    }
    Console.WriteLine($"| work ({iterations} runs, median ms) | gateway | raw Playwright | ratio |");
    Console.WriteLine("|---|---:|---:|---:|");
    Row("create session + first navigation", gw.Select(x => x.Create), raw.Select(x => x.Create));
    Row("step: click a link by name (navigates)", gw.Select(x => x.Step), raw.Select(x => x.Step));
    Row("screenshot", gw.Select(x => x.Shot), raw.Select(x => x.Shot));
    Row("whole session (create, step, screenshot, close)", gw.Select(x => x.Total), raw.Select(x => x.Total));
    return 0;
}
finally
{
    app.Kill(entireProcessTree: true);
    Directory.Delete(data, recursive: true);
}

static async Task<bool> Ready(HttpClient http)
{
    try
    {
        return (await http.GetAsync("/health/ready")).IsSuccessStatusCode;
    }
    catch (HttpRequestException)
    {
        return false;
    }
}

static async Task<(double, double, double, double)> Gateway(HttpClient http, string page)
{
    var total = Stopwatch.StartNew();
    var sw = Stopwatch.StartNew();
    var created = await (await http.PostAsJsonAsync("/v1/web/session", new { url = page })).Content.ReadFromJsonAsync<JsonElement>();
    var create = sw.Elapsed.TotalMilliseconds;
    var id = created.GetProperty("session_id").GetString();
    sw.Restart();
    var step = await (await http.PostAsJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Practice Shop\"" })).Content.ReadFromJsonAsync<JsonElement>();
    if (step.GetProperty("status").GetString() != "DONE")
    {
        throw new InvalidOperationException("step failed: " + step);
    }
    var stepMs = sw.Elapsed.TotalMilliseconds;
    sw.Restart();
    await http.GetAsync($"/v1/web/screenshot/{id}");
    var shot = sw.Elapsed.TotalMilliseconds;
    await http.DeleteAsync($"/v1/web/session/{id}");
    return (create, stepMs, shot, total.Elapsed.TotalMilliseconds);
}

static async Task<(double, double, double, double)> Raw(IBrowser browser, string url)
{
    var total = Stopwatch.StartNew();
    var sw = Stopwatch.StartNew();
    var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
    var page = await context.NewPageAsync();
    await page.GotoAsync(url);
    var create = sw.Elapsed.TotalMilliseconds;
    sw.Restart();
    await page.GetByRole(AriaRole.Link, new() { Name = "Practice Shop" }).First.ClickAsync();
    await page.WaitForLoadStateAsync(LoadState.Load);
    var step = sw.Elapsed.TotalMilliseconds;
    sw.Restart();
    await page.ScreenshotAsync();
    var shot = sw.Elapsed.TotalMilliseconds;
    await context.CloseAsync();
    return (create, step, shot, total.Elapsed.TotalMilliseconds);
}

static void Row(string name, IEnumerable<double> ours, IEnumerable<double> theirs)
{
    var a = Median(ours);
    var b = Median(theirs);
    Console.WriteLine($"| {name} | {a:0} | {b:0} | {a / b:0.00}× |");
}

static double Median(IEnumerable<double> xs)
{
    var s = xs.OrderBy(x => x).ToArray();
    return s.Length == 0 ? 0 : s[s.Length / 2];
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpsDashboard.sln")))
    {
        dir = dir.Parent;
    }
    return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
}
