// Session gateway benchmark (issue 15): ours (HTTP → gateway → Playwright) against the best raw
// Playwright doing the same work in this process, interleaved round by round, in four client
// patterns (spaced 1 s apart, back-to-back, 4 and 16 concurrent clients). Writes its figures to
// bench/SessionBench/results/<label>.json and rewrites the generated section of docs/performance.md
// from every stored label (so "before" and "after" sit side by side).
//
// usage: dotnet build src/OpsDashboard.Web -c Release
//        dotnet run -c Release --project bench/SessionBench -- [--label after] [--rounds 10] [--work create,step]
//                   [--patterns spaced,b2b,c4,c16] [--no-doc] [--env Key=Value ...] [--app path/to/OpsDashboard.dll]
//        dotnet run -c Release --project bench/SessionBench -- --density 40   (PSS per session, step alone vs with them live)
//        dotnet run -c Release --project bench/SessionBench -- --throughput 50 [--steps 6] [--rounds 2]   (steps/s, latency, CPU per step, recorded once)
using System.Globalization;
using System.Text.Json;
using SessionBench;

var opts = BenchOptions.Parse(args);
var root = Paths.FindRoot();
var appDll = opts.App ?? Path.Combine(root, "src", "OpsDashboard.Web", "bin", "Release", "net10.0", "OpsDashboard.dll");
if (!File.Exists(appDll))
{
    Console.Error.WriteLine($"Build the app first: dotnet build {Path.Combine(root, "src", "OpsDashboard.Web")} -c Release");
    return 2;
}

if (opts.Density > 0)
{
    var env = new Dictionary<string, string>(opts.Env) { ["Ops__WarmPoolSize"] = "0", ["Ops__NodeCapacity"] = (opts.Density + 20).ToString(CultureInfo.InvariantCulture) };
    await using var dgw = await Gateway.StartAsync(appDll, env);
    var density = await Density.RunAsync(dgw, opts.Density, string.Join(' ', args));
    await Json.SaveAsync(root, $"density-{opts.Label}", density);
    if (opts.WriteDoc)
    {
        Density.WriteDoc(Path.Combine(root, "docs", "performance.md"), density);
    }
    return 0;
}

if (opts.Throughput > 0)
{
    var env = new Dictionary<string, string>(opts.Env) { ["Ops__NodeCapacity"] = (opts.Throughput + 20).ToString(CultureInfo.InvariantCulture) };
    await using var tgw = await Gateway.StartAsync(appDll, env);
    await using var traw = await RawPlaywright.StartAsync();
    var throughput = await Throughput.RunAsync(tgw, traw, opts.Throughput, opts.Steps, opts.RoundsGiven ?? 2, string.Join(' ', args));
    await Json.SaveAsync(root, $"throughput-{opts.Label}", throughput);
    if (opts.WriteDoc)
    {
        Throughput.WriteDoc(Path.Combine(root, "docs", "performance.md"), throughput);
    }
    return throughput.Mismatches == 0 && throughput.Answered == throughput.Recorded ? 0 : 1;
}

var machine = Machine.Describe();
Console.WriteLine($"{machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB:0.#} GiB, load {machine.LoadAtStart}");
await using var gateway = await Gateway.StartAsync(appDll, opts.Env);
await using var raw = await RawPlaywright.StartAsync();
var ours = new OursClient(gateway);

// The self-check's reference: a bare NewContext + NewPage + Goto, nothing else, on a quiet process.
var bare = await raw.BareCreateSamplesAsync(gateway.PracticeUrl, 7);
Console.WriteLine($"bare NewContext+NewPage+Goto: median {Stats.Median(bare):0} ms");

var results = new List<Figure>();
var failures = new List<string>();
foreach (var work in opts.Work)
{
    foreach (var pattern in opts.Patterns)
    {
        var (oursOp, rawOp) = work switch
        {
            "create" => ((Func<Task<double>>)(() => ours.CreateAsync(gateway.PracticeUrl)), (Func<Task<double>>)(() => raw.CreateAsync(gateway.PracticeUrl))),
            "step" => (() => ours.ClickStepAsync(gateway.ProductUrl), () => raw.ClickStepAsync(gateway.ProductUrl)),
            _ => throw new ArgumentException($"unknown work '{work}' (create, step)"),
        };
        var cpuBefore = gateway.CpuMs();
        var run = await Patterns.RunAsync(pattern, opts.RoundsFor(pattern), oursOp, rawOp);
        var figure = new Figure(work, pattern, Stats.Of(run.Ours), Stats.Of(run.Raw), gateway.CpuMs() - cpuBefore, run.Ours.Count + run.OursFailed,
            run.OursFailed, run.RawFailed, run.Reasons);
        results.Add(figure);
        // Written as it goes, so a run cut short keeps what it measured.
        Directory.CreateDirectory(Path.Combine(root, "bench", "SessionBench", "results"));
        await File.WriteAllTextAsync(Path.Combine(root, "bench", "SessionBench", "results", opts.Label + ".partial.json"), JsonSerializer.Serialize(results, Json.Options));
        Console.WriteLine($"{work,-7} {pattern,-7} ours p50 {figure.Ours.P50,6:0} p95 {figure.Ours.P95,6:0} | raw p50 {figure.Raw.P50,6:0} p95 {figure.Raw.P95,6:0} | ratio p50 {figure.RatioP50:0.00}× p95 {figure.RatioP95:0.00}×{(run.OursFailed + run.RawFailed > 0 ? $" | FAILED ours {run.OursFailed} raw {run.RawFailed}: {string.Join(" / ", run.Reasons)}" : "")}");
        // The raw side must be the best raw code: sequential raw creates within 1.5× of a bare create.
        if (work == "create" && pattern is "spaced" or "b2b" && figure.Raw.P50 > 1.5 * Stats.Median(bare))
        {
            failures.Add($"raw create ({pattern}) median {figure.Raw.P50:0} ms is more than 1.5× the bare NewContext+NewPage+Goto ({Stats.Median(bare):0} ms): the baseline is broken");
        }
    }
}
var bareAfter = await raw.BareCreateSamplesAsync(gateway.PracticeUrl, 7);
var pool = await gateway.PoolReportAsync();
var report = new RunReport(opts.Label, DateTimeOffset.UtcNow, machine with { LoadAtEnd = Machine.Load() }, Stats.Median(bare), Stats.Median(bareAfter),
    results, pool, string.Join(' ', args), failures);
Console.WriteLine($"bare after: {report.BareAfterMs:0} ms; pool: {pool}");

var resultsDir = Path.Combine(root, "bench", "SessionBench", "results");
Directory.CreateDirectory(resultsDir);
await File.WriteAllTextAsync(Path.Combine(resultsDir, opts.Label + ".json"), JsonSerializer.Serialize(report, Json.Options));
File.Delete(Path.Combine(resultsDir, opts.Label + ".partial.json"));
if (opts.WriteDoc)
{
    var all = Directory.GetFiles(resultsDir, "*.json").Where(f => !Path.GetFileName(f).StartsWith("density-", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("throughput-", StringComparison.Ordinal) && !f.EndsWith(".partial.json", StringComparison.Ordinal)).Select(f => JsonSerializer.Deserialize<RunReport>(File.ReadAllText(f), Json.Options)!).ToList();
    DocWriter.Write(Path.Combine(root, "docs", "performance.md"), all);
    Console.WriteLine("docs/performance.md updated");
}
foreach (var f in failures)
{
    Console.Error.WriteLine("SELF-CHECK FAILED: " + f);
}
return failures.Count == 0 ? 0 : 1;

namespace SessionBench
{
    internal static class Json
    {
        public static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

        /// <summary>Prints a density or throughput report and stores it as bench/SessionBench/results/<paramref name="name"/>.json.</summary>
        public static async Task SaveAsync<T>(string root, string name, T report)
        {
            var text = JsonSerializer.Serialize(report, Options);
            Console.WriteLine(text);
            var dir = Path.Combine(root, "bench", "SessionBench", "results");
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, name + ".json"), text);
        }
    }

    /// <summary><see cref="RoundsGiven"/>: <c>--rounds</c> as given, null when not (each mode has its own default; <see cref="Rounds"/> is the patterns').</summary>
    internal sealed record BenchOptions(string Label, int? RoundsGiven, string[] Work, string[] Patterns, bool WriteDoc, Dictionary<string, string> Env, string? App, int Density = 0,
        int Throughput = 0, int Steps = 6)
    {
        public int Rounds => RoundsGiven ?? 10;

        public int RoundsFor(string pattern) => pattern switch
        {
            "c16" => Math.Max(2, Rounds / 3),
            "c4" => Math.Max(3, Rounds / 2),
            _ => Rounds,
        };

        public static BenchOptions Parse(string[] args)
        {
            string label = "after";
            int? rounds = null;
            string[] work = ["create", "step"];
            string[] patterns = ["spaced", "b2b", "c4", "c16"];
            var doc = true;
            var env = new Dictionary<string, string>();
            string? app = null;
            var density = 0;
            var throughput = 0;
            var steps = 6;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--label": label = args[++i]; break;
                    case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--work": work = args[++i].Split(','); break;
                    case "--patterns": patterns = args[++i].Split(','); break;
                    case "--no-doc": doc = false; break;
                    case "--app": app = Path.GetFullPath(args[++i]); break;
                    case "--density": density = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--throughput": throughput = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--steps": steps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--env":
                        var kv = args[++i].Split('=', 2);
                        env[kv[0]] = kv[1];
                        break;
                    default: throw new ArgumentException($"unknown option {args[i]}");
                }
            }
            return new BenchOptions(label, rounds, work, patterns, doc, env, app, density, throughput, steps);
        }
    }

    internal static class Paths
    {
        public static string FindRoot()
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpsDashboard.sln")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
        }
    }
}
