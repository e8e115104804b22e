using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static DashboardBench.Perf.PerfCommand;

namespace DashboardBench.Perf;

/// <summary>Switches of <c>liveview</c>.</summary>
internal sealed record LiveViewOptions(int Watched, TimeSpan Window, int Rounds, IReadOnlyList<int> Caps, int Port)
{
    public static LiveViewOptions Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var caps = Get("max-fps", "15,60").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        return new LiveViewOptions(int.Parse(Get("watched", "2"), CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(Get("window", "10"), CultureInfo.InvariantCulture)),
            int.Parse(Get("rounds", "1"), CultureInfo.InvariantCulture), caps, int.Parse(Get("port", "0"), CultureInfo.InvariantCulture));
    }
}

/// <summary>One measurement window: CPU of the gateway's processes, and the frames sent and drawn in it.</summary>
internal sealed record LiveWindow(string Name, int Cap, double Seconds, double GatewayCpuMs, double DriverCpuMs, double ChromiumCpuMs,
    double Frames, double Bytes, double Drawn, int Watched)
{
    public double Pct(double ms) => ms / (Seconds * 1000) * 100;
}

/// <summary>
/// <c>liveview</c>: what watching a session's live view costs. For each frame cap (<c>Ops:LiveViewMaxFps</c>)
/// it starts its own gateway, opens sessions on the practice Dispatch Board (one whose clock ticks every
/// second, and N whose loading bars move on every frame), and measures windows in the order unwatched,
/// 1 ticking, 1 moving, N moving, N moving, 1 moving, 1 ticking, unwatched (so that the shared machine's
/// drift cancels): CPU of the gateway's .NET process, of its Playwright driver (node) and of its
/// Chromium (every process under the gateway, from <c>/proc</c>); frames and JPEG bytes the gateway
/// received (<c>/metrics</c>, <c>opsdash_live_view_*</c>); frames the viewers' canvases drew. Viewers
/// are real session pages in the bench's own Chromium, which is not counted.
/// </summary>
internal static partial class LiveViewCommand
{
    public static async Task<int> RunAsync(LiveViewOptions o)
    {
        var root = FindRoot();
        var dll = Gateway.AppDll(root);
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"Build the app first: dotnet build {Path.Combine(root, "src", "OpsDashboard.Web")} -c Release");
            return 2;
        }
        var loadBefore = LoadAverage();
        var all = new List<LiveWindow>();
        foreach (var cap in o.Caps)
        {
            all.AddRange(await RunCapAsync(o, dll, cap));
        }
        var loadAfter = LoadAverage();
        Console.WriteLine(Report(o, all, loadBefore, loadAfter));
        return 0;
    }

    private static async Task<List<LiveWindow>> RunCapAsync(LiveViewOptions o, string dll, int cap)
    {
        using var setup = GatewaySetup.Create("opsdash-liveperf-", o.Port, new Dictionary<string, string>
        {
            ["Ops__LiveViewMaxFps"] = cap.ToString(CultureInfo.InvariantCulture),
            ["Ops__WarmPoolSize"] = "0",
        });
        var (port, key, token, env) = (setup.Port, setup.Key, setup.Token, setup.Environment);
        Log($"gateway with Ops:LiveViewMaxFps={cap} on port {port}");
        await using var gateway = Gateway.Start(dll, port, env);
        await gateway.WaitForAsync("health/ready", TimeSpan.FromMinutes(3));
        var baseUrl = gateway.BaseUrl;
        using var api = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
        api.DefaultRequestHeaders.Add("X_MULTION_API_KEY", key);
        var ticking = await OpenAsync(api, "practice/board/", "live-ticking");
        var moving = new List<string>();
        for (var i = 0; i < o.Watched; i++)
        {
            moving.Add(await OpenAsync(api, "practice/board/?motion=1", $"live-moving-{i + 1}"));
        }
        await using var dashboards = await Dashboards.LaunchAsync(baseUrl, token);
        var pages = new List<IPage>();
        var windows = new List<LiveWindow>();

        async Task WatchAsync(IReadOnlyList<string> ids)
        {
            foreach (var page in pages)
            {
                await Dashboards.LeaveAsync(page);
            }
            pages.Clear();
            foreach (var id in ids)
            {
                var page = await dashboards.NewPageAsync();
                await page.GotoAsync(new Uri(baseUrl, $"sessions/{id}").ToString(), new PageGotoOptions { Timeout = 120_000 });
                await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-testid=live-canvas]')?.dataset.frames || 0) > 0", null,
                    new PageWaitForFunctionOptions { Timeout = 120_000 });
                pages.Add(page);
            }
            // Settle: the circuit and the screencast are up, the first frames drawn.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        async Task WindowAsync(string name)
        {
            var drawnBefore = await DrawnAsync(pages);
            var (framesBefore, bytesBefore) = await LiveMetricsAsync(api);
            var before = ProcessTree.Sample(gateway.ProcessId);
            var started = System.Diagnostics.Stopwatch.StartNew();
            await Task.Delay(o.Window);
            var after = ProcessTree.Sample(gateway.ProcessId);
            var seconds = started.Elapsed.TotalSeconds;
            var (framesAfter, bytesAfter) = await LiveMetricsAsync(api);
            var drawnAfter = await DrawnAsync(pages);
            var cpu = ProcessTree.Difference(before, after);
            var w = new LiveWindow(name, cap, seconds, cpu.Gateway, cpu.Driver, cpu.Chromium, framesAfter - framesBefore, bytesAfter - bytesBefore,
                drawnAfter - drawnBefore, pages.Count);
            windows.Add(w);
            Log($"cap {cap}, {name}: gateway {w.Pct(w.GatewayCpuMs):0.0} %, driver {w.Pct(w.DriverCpuMs):0.0} %, chromium {w.Pct(w.ChromiumCpuMs):0.0} % of one core; " +
                $"{w.Frames / seconds:0.0} frames/s received, {w.Bytes / seconds / 1024:0} KiB/s, {w.Drawn / seconds:0.0} drawn/s over {pages.Count} viewer(s)");
        }

        // Warm-up, not measured: the gateway's first session page compiles its components (JIT), which
        // cost ~45 % of a core for 10 s in the first watched window of an earlier run.
        await WatchAsync([ticking]);
        await WatchAsync([moving[0]]);
        await WatchAsync([]);
        await Task.Delay(TimeSpan.FromSeconds(3));
        for (var round = 0; round < o.Rounds; round++)
        {
            await WatchAsync([]);
            await WindowAsync("unwatched");
            await WatchAsync([ticking]);
            await WindowAsync("1 watched, ticking page");
            await WatchAsync([moving[0]]);
            await WindowAsync("1 watched, moving page");
            await WatchAsync(moving);
            await WindowAsync($"{o.Watched} watched, moving pages");
            await WindowAsync($"{o.Watched} watched, moving pages");
            await WatchAsync([moving[0]]);
            await WindowAsync("1 watched, moving page");
            await WatchAsync([ticking]);
            await WindowAsync("1 watched, ticking page");
            await WatchAsync([]);
            await WindowAsync("unwatched");
        }
        return windows;
    }

    private static async Task<string> OpenAsync(HttpClient api, string path, string holder)
    {
        using var response = await api.PostAsJsonAsync("v1/web/session",
            new { url = new Uri(api.BaseAddress!, path).ToString(), optional_params = new { holder } });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode
            ? body.GetProperty("session_id").GetString()!
            : throw new InvalidOperationException($"create session: {(int)response.StatusCode} {body}");
    }

    private static async Task<double> DrawnAsync(List<IPage> pages)
    {
        double sum = 0;
        foreach (var page in pages)
        {
            sum += await page.EvalOnSelectorAsync<double>("[data-testid=live-canvas]", "c => Number(c.dataset.frames || 0)");
        }
        return sum;
    }

    [GeneratedRegex(@"^(?<name>opsdash_live_view_(frames|bytes)[A-Za-z_]*)(\{[^}]*\})?\s+(?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex LiveLine();

    /// <summary>The gateway's running totals of screencast frames and their bytes (<c>opsdash_live_view_frames</c>, <c>opsdash_live_view_bytes</c>).</summary>
    private static async Task<(double Frames, double Bytes)> LiveMetricsAsync(HttpClient api)
    {
        var text = await api.GetStringAsync("metrics");
        double frames = 0, bytes = 0;
        foreach (Match m in LiveLine().Matches(text))
        {
            var value = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            if (m.Groups["name"].Value.StartsWith("opsdash_live_view_bytes", StringComparison.Ordinal))
            {
                bytes += value;
            }
            else
            {
                frames += value;
            }
        }
        return (frames, bytes);
    }

    private static string Report(LiveViewOptions o, List<LiveWindow> all, string loadBefore, string loadAfter)
    {
        string P(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        var lines = new List<string>
        {
            $"Run {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}, {Environment.ProcessorCount} cores, load average (1/5/15 min) before `{loadBefore}`, after `{loadAfter}`; " +
            $"{o.Window.TotalSeconds:0} s windows, {o.Rounds} round(s), {o.Watched} moving sessions, caps {string.Join(", ", o.Caps)} fps.",
            "",
            "| cap | window | gateway .NET, % of one core | Playwright driver | Chromium | frames/s received | KiB/s | frames/s drawn (all viewers) |",
            "|---:|---|---:|---:|---:|---:|---:|---:|",
        };
        foreach (var w in all)
        {
            lines.Add($"| {w.Cap} | {w.Name} | {P(w.Pct(w.GatewayCpuMs))} | {P(w.Pct(w.DriverCpuMs))} | {P(w.Pct(w.ChromiumCpuMs))} | " +
                $"{P(w.Frames / w.Seconds)} | {w.Bytes / w.Seconds / 1024:0} | {P(w.Drawn / w.Seconds)} |");
        }
        lines.Add("");
        lines.Add("Per watched session, the mean of a kind of window minus the mean of the unwatched windows of the same gateway (divided by the sessions watched):");
        lines.Add("");
        lines.Add("| cap | watched | gateway .NET, % of one core | driver | Chromium | all three | frames/s | KiB/s |");
        lines.Add("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var cap in o.Caps)
        {
            var of = all.Where(w => w.Cap == cap).ToList();
            var idle = of.Where(w => w.Watched == 0).ToList();
            foreach (var kind in of.Where(w => w.Watched > 0).Select(w => w.Name).Distinct())
            {
                var ws = of.Where(w => w.Name == kind).ToList();
                var n = ws[0].Watched;
                double Per(Func<LiveWindow, double> f) => (ws.Average(w => w.Pct(f(w))) - idle.Average(w => w.Pct(f(w)))) / n;
                var g = Per(w => w.GatewayCpuMs);
                var d = Per(w => w.DriverCpuMs);
                var c = Per(w => w.ChromiumCpuMs);
                lines.Add($"| {cap} | {kind} | {P(g)} | {P(d)} | {P(c)} | {P(g + d + c)} | {P(ws.Average(w => w.Frames / w.Seconds) / n)} | " +
                    $"{ws.Average(w => w.Bytes / w.Seconds) / n / 1024:0} |");
            }
        }
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>CPU time of a process and everything under it, from <c>/proc/&lt;pid&gt;/stat</c>, split into the .NET gateway, node (Playwright's driver) and the rest (Chromium).</summary>
internal static class ProcessTree
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public sealed record Entry(string Comm, double CpuMs);

    public static Dictionary<int, Entry> Sample(int rootPid)
    {
        var parents = new Dictionary<int, int>();
        var entries = new Dictionary<int, Entry>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // pid (comm) state ppid … utime(14) stime(15): comm may hold spaces, so split after its ')'.
                var close = stat.LastIndexOf(')');
                var comm = stat[(stat.IndexOf('(') + 1)..close];
                var rest = stat[(close + 2)..].Split(' ');
                var ppid = int.Parse(rest[1], CultureInfo.InvariantCulture);
                var ticks = double.Parse(rest[11], CultureInfo.InvariantCulture) + double.Parse(rest[12], CultureInfo.InvariantCulture);
                parents[pid] = ppid;
                entries[pid] = new Entry(comm, ticks / TicksPerSecond * 1000);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                // The process ended while being read.
            }
        }
        var tree = new Dictionary<int, Entry>();
        foreach (var (pid, entry) in entries)
        {
            for (var p = pid; p > 1 && parents.TryGetValue(p, out var parent); p = parent)
            {
                if (p == rootPid)
                {
                    tree[pid] = entry;
                    break;
                }
            }
        }
        return tree;
    }

    /// <summary>CPU used between two samples (a process that started in between counts from zero; one that ended is lost).</summary>
    public static (double Gateway, double Driver, double Chromium) Difference(Dictionary<int, Entry> before, Dictionary<int, Entry> after)
    {
        double gateway = 0, driver = 0, chromium = 0;
        foreach (var (pid, entry) in after)
        {
            var used = entry.CpuMs - (before.TryGetValue(pid, out var b) && b.Comm == entry.Comm ? b.CpuMs : 0);
            if (entry.Comm is "dotnet" or "OpsDashboard")
            {
                gateway += used;
            }
            else if (entry.Comm is "node" or "MainThread") // Playwright's driver: node, whose main thread names the process
            {
                driver += used;
            }
            else
            {
                chromium += used;
            }
        }
        return (gateway, driver, chromium);
    }
}
