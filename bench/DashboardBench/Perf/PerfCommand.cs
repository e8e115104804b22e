using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using static DashboardBench.Perf.Stats;

namespace DashboardBench.Perf;

/// <summary>The gateway process over one fixed window: CPU, memory, managed allocations, and the load in it.</summary>
internal sealed record Window(string Name, double Seconds, double CpuMs, long WorkingSetAvg, double AllocatedBytes, double HeapAfterGc,
    long Events, long Steps, long Renews)
{
    public double CpuPercent => CpuMs / (Seconds * 1000) * 100;

    public double EventsPerSecond => Events / Seconds;

    public double StepsPerSecond => Steps / Seconds;

    public double RenewsPerSecond => Renews / Seconds;

    public double AllocatedMibPerSecond => AllocatedBytes / Seconds / 1024 / 1024;
}

/// <summary>
/// <c>perf</c>: the dashboard benchmark. Starts its own gateway on loopback (a temp data directory, a
/// free port), seeds the registry, drives real load through the public API and measures, in order:
/// time to first render of the sessions page; gateway CPU and memory with 0, 1 and 3 open dashboards
/// (windows in the order 0, 1, 3, 3, 1, 0 so that drift of the shared machine cancels) and
/// event-to-screen latency on those dashboards; event-to-screen latency on the events page; and
/// event-to-client latency for N SignalR hub clients. Prints progress on stderr and a Markdown report.
/// </summary>
internal static class PerfCommand
{
    private const string Tenant = "default";
    private static readonly Stopwatch Elapsed = Stopwatch.StartNew();
    private static int _left;
    private static int _leftWithDisconnect;

    public static async Task<int> RunAsync(PerfOptions o)
    {
        var root = FindRoot();
        var dll = Gateway.AppDll(root);
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"Build the app first: dotnet build {Path.Combine(root, "src", "OpsDashboard.Web")} -c Release");
            return 2;
        }
        // One tenant steps and renews far above the production defaults (5,000 steps per hour, 50
        // requests per second per key): lift those quotas for this gateway only.
        using var setup = GatewaySetup.Create("opsdash-dashperf-", o.Port, new Dictionary<string, string>
        {
            ["Ops__MaxStepsPerPeriod"] = "10000000",
            ["Ops__RateLimitPerSecond"] = "100000",
        });
        return await RunAsync(o, dll, setup.Port, setup.Environment, setup.Key, setup.Token, setup.Data);
    }

    private static async Task<int> RunAsync(PerfOptions o, string dll, int port, Dictionary<string, string> env, string key, string token, string data)
    {
        var loadBefore = LoadAverage();
        Log($"gateway (1st start, its migrations create the database) on port {port}, data {data}; load average {loadBefore}");
        await using (var creator = Gateway.Start(dll, port, env))
        {
            await creator.WaitForAsync("health/live", TimeSpan.FromMinutes(3));
            await creator.StopAsync();
        }
        var seedWatch = Stopwatch.StartNew();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var seeded = Seeder.Seed(Path.Combine(data, "opsdashboard.db"), o.Sessions, baseUrl, DateTimeOffset.UtcNow, Tenant);
        Log($"seeded {seeded} ended sessions in {seedWatch.ElapsedMilliseconds} ms");

        Log("gateway (2nd start)");
        var startWatch = Stopwatch.StartNew();
        await using var gateway = Gateway.Start(dll, port, env);
        await gateway.WaitForAsync("health/ready", TimeSpan.FromMinutes(3));
        Log($"ready in {startWatch.ElapsedMilliseconds} ms, pid {gateway.ProcessId}");

        using var api = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(2) };
        api.DefaultRequestHeaders.Add("X_MULTION_API_KEY", key);
        await using var monitor = new EventMonitor(await HubClient.ConnectAsync(baseUrl, key, recording: true));
        await using var load = new LoadGenerator(api, monitor);
        await load.OpenSessionsAsync(o.Stepping);
        Log($"opened {o.Stepping} live sessions for the load");
        await using var dashboards = await Dashboards.LaunchAsync(baseUrl, token);

        // ---- time to first render with no load: the first open after the gateway started
        var first = await RenderOnceAsync(dashboards, warmToo: false);
        Log($"first render, first open after start, no load: {first.Cold.BrowserMs:0} ms (DOMContentLoaded {first.Cold.DomContentLoadedMs:0} ms, " +
            $"{first.Cold.ScriptKib:0} KiB script; {first.Cold.Shown})");

        // ---- the load: real steps alone first, to know what they reach on this machine
        load.StartSteps();
        await Task.Delay(TimeSpan.FromSeconds(4));
        var stepsOnly = await MeasureAsync("steps alone", gateway, api, monitor, load, TimeSpan.FromSeconds(10));
        Log($"steps alone: {Describe(stepsOnly)}");
        load.PaceSteps(o.StepRate);
        if (o.FillWithRenews)
        {
            load.StartFill(o.Rate);
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        // ---- time to first render under load
        var renders = new List<(RenderRun Cold, RenderRun? Warm)>();
        for (var i = 0; i < o.RenderRuns; i++)
        {
            renders.Add(await RenderOnceAsync(dashboards, warmToo: true));
            var (cold, warm) = (renders[^1].Cold, renders[^1].Warm!.Value);
            Log($"first render under load: new window {cold.BrowserMs:0} ms (DOMContentLoaded {cold.DomContentLoadedMs:0} ms, {cold.ScriptKib:0} KiB script), " +
                $"reload {warm.BrowserMs:0} ms (DOMContentLoaded {warm.DomContentLoadedMs:0} ms, {warm.ScriptKib:0} KiB script)");
        }

        // ---- gateway CPU and memory with 0, 1, 3, 3, 1, 0 dashboards open; event-to-screen on them
        var windows = new List<Window>();
        var screenOne = new List<double>();
        var screenThree = new List<double>();
        var pages = new List<IPage>();
        async Task WindowAsync(string name, List<double>? latencies)
        {
            foreach (var page in pages)
            {
                await Dashboards.TakeChangesAsync(page);
            }
            var w = await MeasureAsync(name, gateway, api, monitor, load, o.Window);
            windows.Add(w);
            var note = "";
            if (latencies is not null)
            {
                var (matched, seen) = await SessionLatenciesAsync(pages, monitor, latencies);
                note = $"; event-to-screen so far p50 {F(Median(latencies))} ms p95 {F(Percentile(latencies, 95))} ms ({matched}/{seen} changes matched)";
            }
            Log($"{name}: {Describe(w)}{note}");
        }

        async Task SetDashboardsAsync(int count)
        {
            while (pages.Count < count)
            {
                pages.Add(await OpenObservedSessionsAsync(dashboards));
            }
            while (pages.Count > count)
            {
                await LeaveAsync(pages[^1]);
                pages.RemoveAt(pages.Count - 1);
            }
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await WindowAsync("0 dashboards", null);
        await SetDashboardsAsync(1);
        var clock = await Dashboards.ClockOffsetAsync(pages[0]);
        Log($"browser clock minus bench clock: {clock.OffsetMs:0.00} ms (round trip {clock.RoundTripMs:0.00} ms)");
        await WindowAsync("1 dashboard", screenOne);
        await SetDashboardsAsync(3);
        await WindowAsync("3 dashboards", screenThree);
        await WindowAsync("3 dashboards", screenThree);
        await SetDashboardsAsync(1);
        await WindowAsync("1 dashboard", screenOne);
        await SetDashboardsAsync(0);
        await WindowAsync("0 dashboards", null);

        // ---- event-to-screen on the events page (every event is a row there)
        var eventsPage = await dashboards.NewPageAsync();
        await dashboards.OpenEventsAsync(eventsPage);
        await Dashboards.InstallObserverAsync(eventsPage, "events");
        await Task.Delay(TimeSpan.FromSeconds(3));
        await Dashboards.TakeChangesAsync(eventsPage);
        monitor.Absorb();
        var seqBefore = monitor.MaxSeq;
        var eventsWindow = await MeasureAsync("events page", gateway, api, monitor, load, o.Window);
        monitor.Absorb();
        var seqAfter = monitor.MaxSeq;
        await Task.Delay(500);
        var eventChanges = await Dashboards.TakeChangesAsync(eventsPage);
        monitor.Absorb();
        var eventsScreen = new List<double>();
        foreach (var change in eventChanges)
        {
            if (long.TryParse(change.Key, CultureInfo.InvariantCulture, out var seq) && seq > seqBefore && seq <= seqAfter && monitor.BySeq(seq) is { } e)
            {
                eventsScreen.Add(change.AtMs - e.AtMs);
            }
        }
        var eventsPublished = seqAfter - seqBefore;
        Log($"events page: {Describe(eventsWindow)}; event-to-screen p50 {F(Median(eventsScreen))} ms p95 {F(Percentile(eventsScreen, 95))} ms ({eventsScreen.Count} of {eventsPublished} events seen as rows)");
        await LeaveAsync(eventsPage);
        Log($"dashboards closed so far: {_left}, with Blazor's disconnect post seen: {_leftWithDisconnect}");

        // ---- hub clients
        await Task.Delay(TimeSpan.FromSeconds(2));
        var hubs = new List<HubClient>();
        for (var i = 0; i < o.HubClients; i++)
        {
            hubs.Add(await HubClient.ConnectAsync(baseUrl, key, recording: false));
        }
        await Task.Delay(TimeSpan.FromSeconds(3));
        foreach (var hub in hubs)
        {
            hub.Recording = true;
        }
        var hubWindow = await MeasureAsync($"{o.HubClients} hub clients", gateway, api, monitor, load, o.Window);
        foreach (var hub in hubs)
        {
            hub.Recording = false;
        }
        monitor.Absorb();
        var hubLatency = new List<double>();
        long delivered = 0, missing = 0;
        var missingKinds = new Dictionary<string, int>();
        foreach (var hub in hubs)
        {
            var events = hub.Take(clear: true);
            hubLatency.AddRange(events.Select(e => e.ReceivedMs - e.AtMs));
            delivered += events.Count;
            if (events.Count > 1)
            {
                var have = events.Select(e => e.Seq).ToHashSet();
                for (var s = events.Min(e => e.Seq); s <= events.Max(e => e.Seq); s++)
                {
                    if (!have.Contains(s))
                    {
                        missing++;
                        var kind = monitor.BySeq(s)?.Kind ?? "(the monitor missed it too)";
                        missingKinds[kind] = missingKinds.GetValueOrDefault(kind) + 1;
                    }
                }
            }
            await hub.DisposeAsync();
        }
        Log($"{o.HubClients} hub clients: {Describe(hubWindow)}; event-to-client p50 {F(Median(hubLatency), "0.0")} ms p95 {F(Percentile(hubLatency, 95), "0.0")} ms, " +
            $"{delivered} deliveries, {missing} missing {string.Join(", ", missingKinds.Select(k => $"{k.Key}: {k.Value}"))}");

        var counters = load.Counters;
        await load.DisposeAsync();
        monitor.Absorb();
        var monitorMissing = monitor.Missing();
        var replayNote = "";
        if (monitorMissing.Count > 0)
        {
            // Were they published? The hub's replay reads the bus's history, not the live channel.
            await using var replay = await HubClient.ConnectAsync(baseUrl, key, recording: true, afterSeq: monitorMissing.Min() - 1);
            await Task.Delay(TimeSpan.FromSeconds(3));
            var history = replay.Take(clear: true).ToDictionary(e => e.Seq);
            var found = monitorMissing.Where(history.ContainsKey).Select(s => $"{s} {history[s].Kind}").ToList();
            replayNote = $" A replay from the history (SubscribeTenant with afterSeq) delivers {found.Count} of them ({string.Join(", ", found.Take(8))}).";
            Log("missed live, found in replay: " + string.Join(", ", found));
        }
        var loadAfter = LoadAverage();

        // ---- report
        var r = new List<string>
        {
            $"Run {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}, {Environment.ProcessorCount} cores, load average (1/5/15 min) before `{loadBefore}`, after `{loadAfter}`; " +
            $"the whole command took {Elapsed.Elapsed.TotalSeconds:0} s. Registry: {seeded + o.Stepping} sessions ({seeded} seeded ended rows + {o.Stepping} live); " +
            $"the grid shows the newest 5,000 (\"{first.Cold.Shown}\"). Browser clock minus bench clock: {clock.OffsetMs:0.00} ms (round trip {clock.RoundTripMs:0.00} ms).",
            "",
            "| load reached (each window) | steps/s | events/s | of which renewals/s |",
            "|---|---:|---:|---:|",
            $"| real steps alone ({o.Stepping} sessions, \"scroll down\" / \"scroll up\") | {stepsOnly.StepsPerSecond:0.0} | {stepsOnly.EventsPerSecond:0} | 0 |",
        };
        foreach (var w in windows.Append(eventsWindow).Append(hubWindow))
        {
            r.Add($"| steps{(o.StepRate > 0 ? $" (capped at {o.StepRate:0.#}/s)" : "")}{(o.FillWithRenews ? $" + renewals (target {o.Rate:0} events/s)" : "")}: {w.Name} | {w.StepsPerSecond:0.0} | {w.EventsPerSecond:0} | {w.RenewsPerSecond:0} |");
        }
        var coldRuns = renders.Select(x => x.Cold.BrowserMs).ToList();
        var warmRuns = renders.Select(x => x.Warm!.Value.BrowserMs).ToList();
        r.AddRange(
        [
            "",
            "| time to first render of the sessions page (navigation start → first grid rows, ms) | median | runs |",
            "|---|---:|---|",
            $"| first open after the gateway started, no load, new window | {first.Cold.BrowserMs:0} | {first.Cold.BrowserMs:0} |",
            $"| under load, new window (empty cache, new circuit) | {F(Median(coldRuns))} | {string.Join(", ", coldRuns.Select(x => F(x)))} |",
            $"| under load, reload in the same window (cached assets, new circuit) | {F(Median(warmRuns))} | {string.Join(", ", warmRuns.Select(x => F(x)))} |",
            $"| … of which DOMContentLoaded (document + scripts), new window / reload | {F(Median(renders.Select(x => x.Cold.DomContentLoadedMs).ToList()))} / " +
            $"{F(Median(renders.Select(x => x.Warm!.Value.DomContentLoadedMs).ToList()))} | script fetched: {F(Median(renders.Select(x => x.Cold.ScriptKib).ToList()))} KiB / " +
            $"{F(Median(renders.Select(x => x.Warm!.Value.ScriptKib).ToList()))} KiB |",
            "",
            "| event-to-screen (gateway publish → change applied to the DOM in Chromium) | p50 ms | p95 ms | samples |",
            "|---|---:|---:|---:|",
            $"| sessions page, 1 dashboard open (a row's step count) | {F(Median(screenOne))} | {F(Percentile(screenOne, 95))} | {screenOne.Count} |",
            $"| sessions page, 3 dashboards open (all three) | {F(Median(screenThree))} | {F(Percentile(screenThree, 95))} | {screenThree.Count} |",
            $"| events page (each event's row) | {F(Median(eventsScreen))} | {F(Percentile(eventsScreen, 95))} | {eventsScreen.Count} of {eventsPublished} events |",
            "",
            $"| gateway process, {o.Window.TotalSeconds:0} s windows in run order | events/s | CPU (% of one core) | CPU ms / 1,000 events | allocated MiB/s | managed heap after GC (MiB) | working set avg (MiB) |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]);
        foreach (var w in windows.Append(hubWindow))
        {
            r.Add($"| {w.Name} | {w.EventsPerSecond:0} | {w.CpuPercent:0.0} | {w.CpuMs / Math.Max(1, w.Events) * 1000:0} | {w.AllocatedMibPerSecond:0.0} | {Mib((long)w.HeapAfterGc)} | {Mib(w.WorkingSetAvg)} |");
        }
        var zero = windows.Where(w => w.Name == "0 dashboards").ToList();
        var one = windows.Where(w => w.Name == "1 dashboard").ToList();
        var three = windows.Where(w => w.Name == "3 dashboards").ToList();
        r.Add($"| **per dashboard**, from 1 vs 0 (means of both passes) | | {one.Average(w => w.CpuPercent) - zero.Average(w => w.CpuPercent):+0.0;-0.0} | | " +
              $"{one.Average(w => w.AllocatedMibPerSecond) - zero.Average(w => w.AllocatedMibPerSecond):+0.0;-0.0} | | {Mib(one[0].WorkingSetAvg - zero[0].WorkingSetAvg)} (1st pass) |");
        r.Add($"| **per dashboard**, from 3 vs 0 (means of both passes) / 3 | | {(three.Average(w => w.CpuPercent) - zero.Average(w => w.CpuPercent)) / 3:+0.0;-0.0} | | " +
              $"{(three.Average(w => w.AllocatedMibPerSecond) - zero.Average(w => w.AllocatedMibPerSecond)) / 3:+0.0;-0.0} | | {Mib((three[0].WorkingSetAvg - zero[0].WorkingSetAvg) / 3)} (1st pass) |");
        r.AddRange(
        [
            "",
            "| event-to-client, SignalR hub (gateway publish → `event` handler in the client) | p50 ms | p95 ms | deliveries | missing |",
            "|---|---:|---:|---:|---:|",
            $"| {o.HubClients} clients subscribed to the tenant, {hubWindow.EventsPerSecond:0} events/s | {F(Median(hubLatency), "0.0")} | {F(Percentile(hubLatency, 95), "0.0")} | {delivered} | {missing} |",
            "",
            $"Load over the whole run: {counters.Steps} steps ({counters.StepErrors} refused or failed), {counters.Renews} renewals ({counters.RenewErrors} failed); " +
            $"the monitor hub client received {monitor.MaxSeq - monitorMissing.Count} of {monitor.MaxSeq} events " +
            $"({monitorMissing.Count} seqs never arrived live{(monitorMissing.Count > 0 ? ": " + string.Join(", ", monitorMissing.Take(8)) : "")}).{replayNote}",
        ]);
        Console.WriteLine();
        foreach (var line in r)
        {
            Console.WriteLine(line);
        }
        return 0;
    }

    private static async Task<(RenderRun Cold, RenderRun? Warm)> RenderOnceAsync(Dashboards dashboards, bool warmToo)
    {
        var page = await dashboards.NewPageAsync();
        try
        {
            var cold = await dashboards.OpenSessionsAsync(page);
            if (!warmToo)
            {
                Log("largest scripts: " + await Dashboards.LargestScriptsAsync(page));
            }
            RenderRun? warm = null;
            if (warmToo)
            {
                await page.GotoAsync("about:blank");
                warm = await dashboards.OpenSessionsAsync(page);
            }
            return (cold, warm);
        }
        finally
        {
            await LeaveAsync(page);
        }
    }

    private static async Task LeaveAsync(IPage page)
    {
        _left++;
        if (await Dashboards.LeaveAsync(page))
        {
            _leftWithDisconnect++;
        }
    }

    private static async Task<IPage> OpenObservedSessionsAsync(Dashboards dashboards)
    {
        var page = await dashboards.NewPageAsync();
        await dashboards.OpenSessionsAsync(page);
        await Dashboards.InstallObserverAsync(page, "sessions");
        return page;
    }

    /// <summary>Matches each step count the pages showed with the event that first carried it.</summary>
    private static async Task<(int Matched, int Seen)> SessionLatenciesAsync(List<IPage> pages, EventMonitor monitor, List<double> into)
    {
        await Task.Delay(500);
        var changes = new List<ScreenChange>();
        foreach (var page in pages)
        {
            changes.AddRange(await Dashboards.TakeChangesAsync(page));
        }
        monitor.Absorb();
        var matched = 0;
        foreach (var change in changes)
        {
            if (int.TryParse(change.Value, CultureInfo.InvariantCulture, out var n) && monitor.StepCountPublishedAt(change.Key, n) is double at)
            {
                into.Add(change.AtMs - at);
                matched++;
            }
        }
        return (matched, changes.Count);
    }

    private static async Task<Window> MeasureAsync(string name, Gateway gateway, HttpClient api, EventMonitor monitor, LoadGenerator load, TimeSpan length)
    {
        var (allocated0, _) = await GatewayMetrics.ReadAsync(api);
        var (cpu0, _) = gateway.Sample();
        var events0 = monitor.Count;
        var (steps0, _, renews0, _) = load.Counters;
        var sw = Stopwatch.StartNew();
        var workingSets = new List<long>();
        while (sw.Elapsed < length)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp((length - sw.Elapsed).TotalMilliseconds, 1, 1000)));
            workingSets.Add(gateway.Sample().WorkingSet);
        }
        var (cpu1, _) = gateway.Sample();
        var events1 = monitor.Count;
        var (steps1, _, renews1, _) = load.Counters;
        var seconds = sw.Elapsed.TotalSeconds;
        var (allocated1, heap) = await GatewayMetrics.ReadAsync(api);
        return new Window(name, seconds, (cpu1 - cpu0).TotalMilliseconds, (long)workingSets.Average(), allocated1 - allocated0, heap,
            events1 - events0, steps1 - steps0, renews1 - renews0);
    }

    private static string Describe(Window w) =>
        $"{w.EventsPerSecond:0} events/s ({w.StepsPerSecond:0.0} steps/s, {w.RenewsPerSecond:0} renewals/s), gateway CPU {w.CpuPercent:0}%, " +
        $"{w.AllocatedMibPerSecond:0.0} MiB/s allocated, heap {Mib((long)w.HeapAfterGc)} MiB, working set {Mib(w.WorkingSetAvg)} MiB";

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    internal static void Log(string message) => Console.Error.WriteLine($"[{Elapsed.Elapsed.TotalSeconds,6:0.0} s] {message}");

    internal static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpsDashboard.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
    }
}
