using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace SessionBench;

/// <summary>
/// Throughput: N sessions on the practice product page, N clients at once each sending K one-click steps
/// (<c>click "Add to Cart"</c>) back-to-back; steps per second, p50/p95/p99 latency, the gateway's CPU per step (its
/// process tree, Chromium included), and then every session's recorded steps checked against the answers (each answered
/// step recorded exactly once, with its answer). The raw side: N contexts in one browser, each clicking the same button
/// K times and waiting for its "Added to cart" text, all at once; the two sides alternate, each run R rounds.
/// usage: dotnet run -c Release --project bench/SessionBench -- --throughput 50 [--steps 6] [--rounds 2]
/// </summary>
internal static class Throughput
{
    public sealed record Side(double StepsPerSecond, double P50, double P95, double P99, int Steps, int Failed, double CpuMsPerStep);

    public sealed record Report(DateTimeOffset At, MachineInfo Machine, int Sessions, int StepsPerSession, int Rounds, Side Ours, Side Raw,
        int Recorded, int Answered, int Mismatches, List<string> MismatchSamples, string Args);

    public static async Task<Report> RunAsync(Gateway gw, RawPlaywright raw, int n, int k, int rounds, string args)
    {
        var machine = Machine.Describe();
        var ourLatencies = new List<double>();
        var rawLatencies = new List<double>();
        double ourWall = 0, rawWall = 0, ourCpu = 0, rawCpu = 0;
        int ourFailed = 0, rawFailed = 0, recorded = 0, answered = 0, mismatches = 0;
        var samples = new List<string>();
        for (var round = 0; round < rounds; round++)
        {
            // Ours: open N sessions (not timed, 4 at a time), then N clients step at once.
            var ids = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, _) =>
            {
                using var r = await gw.Http.PostAsJsonAsync("/v1/web/session", new { url = gw.ProductUrl });
                var body = await r.Content.ReadFromJsonAsync<JsonElement>();
                if (r.IsSuccessStatusCode && body.TryGetProperty("session_id", out var id))
                {
                    ids.Add(id.GetString()!);
                }
            });
            var answers = new ConcurrentDictionary<string, List<string>>();
            var latencies = new ConcurrentBag<double>();
            var failed = 0;
            var cpuBefore = gw.CpuMs();
            var wall = Stopwatch.StartNew();
            await Task.WhenAll(ids.Select(async id =>
            {
                var mine = answers.GetOrAdd(id, _ => []);
                for (var i = 0; i < k; i++)
                {
                    var sw = Stopwatch.StartNew();
                    try
                    {
                        using var response = await gw.Http.PostAsJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Add to Cart\"" });
                        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                        var status = response.IsSuccessStatusCode ? body.GetProperty("status").GetString()! : $"HTTP {(int)response.StatusCode}";
                        mine.Add(status);
                        if (status == "DONE")
                        {
                            latencies.Add(sw.Elapsed.TotalMilliseconds);
                        }
                        else
                        {
                            Interlocked.Increment(ref failed);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
            }));
            ourWall += wall.Elapsed.TotalSeconds;
            ourCpu += gw.CpuMs() - cpuBefore;
            ourLatencies.AddRange(latencies);
            ourFailed += failed;
            // Every answered step is recorded exactly once, with the answer the client got.
            foreach (var (id, mine) in answers)
            {
                using var r = await gw.Http.GetAsync($"/api/sessions/{id}/steps");
                var steps = (await r.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Where(s => s.GetProperty("kind").GetString() == "step").ToList();
                var answeredHere = mine.Where(s => !s.StartsWith("HTTP", StringComparison.Ordinal)).ToList();
                answered += answeredHere.Count;
                recorded += steps.Count;
                var recordedStatuses = steps.OrderBy(s => s.GetProperty("seq").GetInt32()).Select(s => s.GetProperty("status").GetString()).ToList();
                if (!recordedStatuses.SequenceEqual(answeredHere))
                {
                    mismatches++;
                    if (samples.Count < 3)
                    {
                        samples.Add($"{id}: answered [{string.Join(",", answeredHere)}], recorded [{string.Join(",", recordedStatuses)}]");
                    }
                }
            }
            await Task.WhenAll(ids.Select(async id => (await gw.Http.DeleteAsync($"/v1/web/session/{id}")).Dispose()));

            // Raw: N contexts open the page (not timed), then all click K times at once.
            var contexts = new ConcurrentBag<IPage>();
            await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, _) =>
            {
                var page = await raw.NewPageAsync();
                await page.GotoAsync(gw.ProductUrl, new() { WaitUntil = WaitUntilState.Load });
                contexts.Add(page);
            });
            var rawLat = new ConcurrentBag<double>();
            var rawFail = 0;
            var rawCpuBefore = ProcTree.CpuMs(Environment.ProcessId);
            wall.Restart();
            await Task.WhenAll(contexts.Select(async page =>
            {
                for (var i = 0; i < k; i++)
                {
                    var sw = Stopwatch.StartNew();
                    try
                    {
                        await page.EvaluateAsync("() => { document.getElementById('buy-status').textContent = ''; }");
                        await page.GetByRole(AriaRole.Button, new() { Name = "Add to Cart", Exact = true }).ClickAsync();
                        await page.GetByText("Added to cart").First.WaitForAsync();
                        rawLat.Add(sw.Elapsed.TotalMilliseconds);
                    }
                    catch (PlaywrightException)
                    {
                        Interlocked.Increment(ref rawFail);
                    }
                }
            }));
            rawWall += wall.Elapsed.TotalSeconds;
            rawCpu += ProcTree.CpuMs(Environment.ProcessId) - rawCpuBefore;
            rawLatencies.AddRange(rawLat);
            rawFailed += rawFail;
            await Task.WhenAll(contexts.Select(p => p.Context.CloseAsync()));
            Console.WriteLine($"round {round + 1}: ours {latencies.Count} steps ({failed} failed) in {ourWall:0.0} s so far; raw {rawLat.Count} ({rawFail} failed) in {rawWall:0.0} s so far");
        }
        Side Of(List<double> xs, double wallSeconds, int failedSteps, double cpuMs) => new(
            xs.Count / Math.Max(0.001, wallSeconds), Stats.Percentile(xs, 0.5), Stats.Percentile(xs, 0.95), Stats.Percentile(xs, 0.99), xs.Count, failedSteps,
            cpuMs / Math.Max(1, xs.Count + failedSteps));
        return new Report(DateTimeOffset.UtcNow, machine with { LoadAtEnd = Machine.Load() }, n, k, rounds,
            Of(ourLatencies, ourWall, ourFailed, ourCpu), Of(rawLatencies, rawWall, rawFailed, rawCpu), recorded, answered, mismatches, samples, args);
    }

    public static void WriteDoc(string path, Report r)
    {
        const string begin = "<!-- SessionBench:throughput:begin (generated by bench/SessionBench --throughput) -->";
        const string end = "<!-- SessionBench:throughput:end -->";
        var sb = new StringBuilder(begin).AppendLine().AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"""
            Throughput, {r.At:yyyy-MM-dd HH:mm} UTC, {r.Machine.Cores} cores, {r.Machine.MemoryGiB:0.#} GiB, load {r.Machine.LoadAtStart} → {r.Machine.LoadAtEnd}:
            {r.Sessions} sessions on the practice product page, {r.Sessions} clients at once, each sending {r.StepsPerSession} `click "Add to Cart"` steps
            back-to-back, {r.Rounds} rounds, ours and raw alternating (raw: {r.Sessions} contexts in one browser clicking and waiting for "Added to cart").

            | | steps/s | p50 | p95 | p99 (ms) | steps (failed) | CPU per step |
            |---|---:|---:|---:|---:|---:|---:|
            | ours | {r.Ours.StepsPerSecond:0.0} | {r.Ours.P50:0} | {r.Ours.P95:0} | {r.Ours.P99:0} | {r.Ours.Steps} ({r.Ours.Failed}) | {r.Ours.CpuMsPerStep:0} ms (gateway + its Chromium) |
            | raw Playwright | {r.Raw.StepsPerSecond:0.0} | {r.Raw.P50:0} | {r.Raw.P95:0} | {r.Raw.P99:0} | {r.Raw.Steps} ({r.Raw.Failed}) | {r.Raw.CpuMsPerStep:0} ms (the bench process; its Chromium not counted) |
            | ratio (ours / raw) | {r.Raw.StepsPerSecond / Math.Max(0.001, r.Ours.StepsPerSecond):0.00}× the time | {r.Ours.P50 / Math.Max(1, r.Raw.P50):0.00}× | {r.Ours.P95 / Math.Max(1, r.Raw.P95):0.00}× | {r.Ours.P99 / Math.Max(1, r.Raw.P99):0.00}× | | |

            Recorded exactly once: {r.Answered} steps answered, {r.Recorded} recorded, {r.Mismatches} sessions whose recorded answers differ from what the client got{(r.MismatchSamples.Count > 0 ? " (" + string.Join("; ", r.MismatchSamples) + ")" : "")}.

            `dotnet run -c Release --project bench/SessionBench -- {r.Args}`
            """));
        sb.AppendLine().Append(end);
        DocWriter.ReplaceSection(path, begin, end, sb.ToString());
    }
}
