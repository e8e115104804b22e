using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;

namespace SessionBench;

/// <summary>The gateway under test: the built app started on a free loopback port with a temporary data directory.</summary>
internal sealed class Gateway : IAsyncDisposable
{
    public const string Key = "bench_key_0000000000000000000000000000";
    private readonly Process _process;
    private readonly string _data;

    private Gateway(Process process, string data, string baseUrl)
    {
        _process = process;
        _data = data;
        BaseUrl = baseUrl;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(3) };
        Http.DefaultRequestHeaders.Add("X_MULTION_API_KEY", Key);
    }

    public string BaseUrl { get; }
    public HttpClient Http { get; }
    public int Pid => _process.Id;
    public string PracticeUrl => BaseUrl + "/practice/";
    public string ProductUrl => BaseUrl + "/practice/shop/product.html?id=airpods-pro-2";

    public static async Task<Gateway> StartAsync(string appDll, IReadOnlyDictionary<string, string> extraEnv)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var data = Directory.CreateTempSubdirectory("opsdash-bench").FullName;
        var psi = new ProcessStartInfo("dotnet", $"\"{appDll}\" --urls {baseUrl}")
        {
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["OPSDASH_DATA"] = data;
        psi.Environment["OPSDASH_API_KEY"] = Key;
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        // The bench is one tenant sending thousands of requests: lift the tenant's quotas, nothing else.
        psi.Environment["Ops__MaxStepsPerPeriod"] = "10000000";
        psi.Environment["Ops__RateLimitPerSecond"] = "100000";
        psi.Environment["Ops__MaxConcurrentSessionsPerTenant"] = "1000";
        foreach (var (k, v) in extraEnv)
        {
            psi.Environment[k] = v;
        }
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) Console.Error.WriteLine("[gateway] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gw = new Gateway(process, data, baseUrl);
        for (var i = 0; i < 240; i++)
        {
            try
            {
                if ((await gw.Http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    await Task.Delay(2000); // the warm pool fills
                    return gw;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(500);
        }
        throw new InvalidOperationException("the gateway did not become ready");
    }

    /// <summary>CPU time (user + system) of the gateway and every process under it (its Chromium), in ms.</summary>
    public double CpuMs() => ProcTree.CpuMs(Pid);

    /// <summary>What the warm pool reports on /metrics (its own cost), as "name value" lines.</summary>
    public async Task<string> PoolReportAsync()
    {
        try
        {
            var text = await Http.GetStringAsync("/metrics");
            return string.Join("; ", text.Split('\n').Where(l => l.StartsWith("opsdash_warm_pool", StringComparison.Ordinal) && !l.StartsWith("#", StringComparison.Ordinal)));
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A client of the gateway doing what a MultiOn client does.</summary>
internal sealed class OursClient(Gateway gw)
{
    /// <summary>POST /session with a url, timed to the answer; then closed (not timed) before the next, as clients do.</summary>
    public async Task<double> CreateAsync(string url)
    {
        var sw = Stopwatch.StartNew();
        var id = await OpenAsync(url);
        var ms = sw.Elapsed.TotalMilliseconds;
        await CloseAsync(id);
        return ms;
    }

    /// <summary>Create on the product page (not timed), then the one-click step sent right after it (timed), then close.</summary>
    public async Task<double> ClickStepAsync(string productUrl)
    {
        var id = await OpenAsync(productUrl);
        try
        {
            var sw = Stopwatch.StartNew();
            using var response = await gw.Http.PostAsJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Add to Cart\"" });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var ms = sw.Elapsed.TotalMilliseconds;
            if (body.GetProperty("status").GetString() != "DONE")
            {
                throw new InvalidOperationException("step was not DONE: " + body);
            }
            return ms;
        }
        finally
        {
            await CloseAsync(id); // a failed op does not leave its session behind for the rest of the run
        }
    }

    private async Task<string> OpenAsync(string url)
    {
        using var response = await gw.Http.PostAsJsonAsync("/v1/web/session", new { url });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (response.IsSuccessStatusCode && body.TryGetProperty("session_id", out var opened) && body.GetProperty("status").GetString() != "DONE")
        {
            await CloseAsync(opened.GetString()!);
        }
        if (!response.IsSuccessStatusCode || body.GetProperty("status").GetString() != "DONE")
        {
            throw new InvalidOperationException($"create failed ({(int)response.StatusCode}): {body}");
        }
        return body.GetProperty("session_id").GetString()!;
    }

    private async Task CloseAsync(string id)
    {
        using var response = await gw.Http.DeleteAsync($"/v1/web/session/{id}");
        response.EnsureSuccessStatusCode();
    }
}

/// <summary>
/// The best raw Playwright doing the same work: one browser launched with the gateway's own Chromium
/// flags, a fresh context per round with the same viewport, locale and time zone, the same wait
/// condition (the load event), and nothing else.
/// </summary>
internal sealed class RawPlaywright : IAsyncDisposable
{
    // The same flags as LocalBrowserEngine.LaunchArgs (kept in step by hand; compared in docs/performance.md).
    public static readonly string[] LaunchArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    ];

    private readonly IPlaywright _pw;
    private readonly IBrowser _browser;

    private RawPlaywright(IPlaywright pw, IBrowser browser)
    {
        _pw = pw;
        _browser = browser;
    }

    public static async Task<RawPlaywright> StartAsync()
    {
        var pw = await Playwright.CreateAsync();
        var browser = await pw.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = LaunchArgs });
        var raw = new RawPlaywright(pw, browser);
        await raw.CreateAsync("about:blank"); // warm-up
        return raw;
    }

    private Task<IBrowserContext> NewContextAsync() => _browser.NewContextAsync(new()
    {
        ViewportSize = new() { Width = 1280, Height = 800 },
        Locale = "en-US",
        TimezoneId = "UTC",
    });

    /// <summary>A page in a fresh context (close it with its context).</summary>
    public async Task<IPage> NewPageAsync() => await (await NewContextAsync()).NewPageAsync();

    public async Task<double> CreateAsync(string url)
    {
        var sw = Stopwatch.StartNew();
        var context = await NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
            return sw.Elapsed.TotalMilliseconds;
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>The same page opened (not timed), then the button clicked and its effect waited for (timed).</summary>
    public async Task<double> ClickStepAsync(string productUrl)
    {
        var context = await NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(productUrl, new() { WaitUntil = WaitUntilState.Load });
            var sw = Stopwatch.StartNew();
            await page.GetByRole(AriaRole.Button, new() { Name = "Add to Cart", Exact = true }).ClickAsync();
            await page.GetByText("Added to cart").WaitForAsync();
            return sw.Elapsed.TotalMilliseconds;
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>The self-check's reference: bare NewContext() + NewPage() + Goto(), sequential, 300 ms apart.</summary>
    public async Task<List<double>> BareCreateSamplesAsync(string url, int n)
    {
        var list = new List<double>();
        for (var i = 0; i < n; i++)
        {
            var sw = Stopwatch.StartNew();
            var context = await _browser.NewContextAsync();
            var page = await context.NewPageAsync();
            await page.GotoAsync(url);
            list.Add(sw.Elapsed.TotalMilliseconds);
            await context.CloseAsync();
            await Task.Delay(300);
        }
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _pw.Dispose();
    }
}

internal sealed record PatternRun(List<double> Ours, List<double> Raw)
{
    /// <summary>Ops that failed (an error, or an answer other than DONE), with the first reason of each side.</summary>
    public int OursFailed { get; set; }
    public int RawFailed { get; set; }
    public List<string> Reasons { get; } = [];
}

/// <summary>The client patterns, each interleaving ours and raw round by round (the side that goes first alternates).</summary>
internal static class Patterns
{
    public const int Burst = 5;
    public const int PerClient = 3;

    public static async Task<PatternRun> RunAsync(string pattern, int rounds, Func<Task<double>> oursOp, Func<Task<double>> rawOp)
    {
        var run = new PatternRun([], []);
        // A failed op is counted (and its reason kept), not timed: the figures are of answered work.
        Func<Task<double>> Guard(Func<Task<double>> op, bool isOurs) => async () =>
        {
            try
            {
                return await op();
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or PlaywrightException or TimeoutException or TaskCanceledException)
            {
                lock (run)
                {
                    if (isOurs) run.OursFailed++; else run.RawFailed++;
                    if (run.Reasons.Count < 4) run.Reasons.Add((isOurs ? "ours: " : "raw: ") + ex.Message.Split('\n')[0]);
                }
                return double.NaN;
            }
        };
        var ours = Guard(oursOp, true);
        var raw = Guard(rawOp, false);
        for (var r = 0; r < rounds; r++)
        {
            var sides = r % 2 == 0 ? new[] { (ours, run.Ours), (raw, run.Raw) } : new[] { (raw, run.Raw), (ours, run.Ours) };
            foreach (var (op, into) in sides)
            {
                switch (pattern)
                {
                    case "spaced":
                        into.Add(await op());
                        await Task.Delay(1000);
                        break;
                    case "b2b":
                        for (var i = 0; i < Burst; i++)
                        {
                            into.Add(await op());
                        }
                        break;
                    case ['c', .. var n]:
                        var clients = int.Parse(n, CultureInfo.InvariantCulture);
                        var all = await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
                        {
                            var mine = new List<double>();
                            for (var i = 0; i < PerClient; i++)
                            {
                                mine.Add(await op());
                            }
                            return mine;
                        }));
                        into.AddRange(all.SelectMany(x => x));
                        await Task.Delay(1000);
                        break;
                    default:
                        throw new ArgumentException($"unknown pattern '{pattern}' (spaced, b2b, c4, c16)");
                }
            }
        }
        run.Ours.RemoveAll(double.IsNaN);
        run.Raw.RemoveAll(double.IsNaN);
        return run;
    }
}

internal sealed record Summary(double P50, double P95, double Mean, int N);

internal sealed record Figure(string Work, string Pattern, Summary Ours, Summary Raw, double OursCpuMs, int Ops, int OursFailed = 0, int RawFailed = 0, List<string>? Reasons = null)
{
    public double RatioP50 => Ours.P50 / Raw.P50;
    public double RatioP95 => Ours.P95 / Raw.P95;
}

internal sealed record MachineInfo(string Cpu, int Cores, double MemoryGiB, string LoadAtStart, string? LoadAtEnd);

internal sealed record RunReport(string Label, DateTimeOffset At, MachineInfo Machine, double BareMs, double BareAfterMs, List<Figure> Figures,
    string Pool, string Args, List<string> Failures);

internal static class Stats
{
    public static double Median(IEnumerable<double> xs) => Percentile(xs, 0.5);

    public static double Percentile(IEnumerable<double> xs, double p)
    {
        var s = xs.OrderBy(x => x).ToArray();
        if (s.Length == 0)
        {
            return 0;
        }
        var rank = p * (s.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return s[lo] + (s[hi] - s[lo]) * (rank - lo);
    }

    public static Summary Of(List<double> xs) => new(Percentile(xs, 0.5), Percentile(xs, 0.95), xs.Count == 0 ? 0 : xs.Average(), xs.Count);
}

internal static class Machine
{
    public static MachineInfo Describe()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return new MachineInfo(cpu, Environment.ProcessorCount, double.Parse(memKb, CultureInfo.InvariantCulture) / 1024 / 1024, Load(), null);
    }

    public static string Load() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}

internal static class ProcTree
{
    public static IEnumerable<int> Descendants(int pid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var p))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                (children.TryGetValue(ppid, out var l) ? l : children[ppid] = []).Add(p);
            }
            catch (IOException)
            {
            }
        }
        var stack = new Stack<int>([pid]);
        while (stack.Count > 0)
        {
            var p = stack.Pop();
            yield return p;
            if (children.TryGetValue(p, out var l))
            {
                foreach (var c in l)
                {
                    stack.Push(c);
                }
            }
        }
    }

    public static double CpuMs(int pid)
    {
        var ticks = 0L;
        foreach (var p in Descendants(pid))
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{p}/stat");
                var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // utime + stime, and cutime + cstime: the renderers that exited and were waited for count too.
                ticks += long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)
                    + long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
            }
        }
        return ticks * 10.0; // USER_HZ = 100
    }
}
