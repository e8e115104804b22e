// Agent evaluation: every case of bench/AgentEval/cases/{tuning,heldout,heldout2}.jsonl through POST /v1/web/browse,
// one session per case (real Chromium), scored by its effect on the practice site (event log, storage,
// URL), never by the wording of the answer. Writes the numbers into docs/agent-eval.md under a label.
// usage: dotnet run -c Release --project bench/AgentEval -- [--label NAME] [--parallel N] [--only|--half tuning|heldout|heldout2]
//        [--filter ID-PREFIX[,ID-PREFIX…]] [--url http://host:port --key KEY (a running gateway instead of starting one)] [--no-doc]
//        [--port N (the port of the gateway it starts, 5392 unless told; another run may hold 5392)]
using System.Diagnostics;
using System.Globalization;
using System.Text;
using OpsDashboard.AgentEval;

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
var label = Arg("--label", "latest");
var parallel = int.Parse(Arg("--parallel", "2"), CultureInfo.InvariantCulture);
var only = Arg("--only", Arg("--half", "")); // --half tuning: the same as --only tuning
var filter = Arg("--filter", "");
var root = FindRoot();
// The halves in the order they run. Every half but tuning is held out: its commands are never printed or
// written to the doc, only its numbers and the ids of its false DONEs.
string[] halfNames = ["tuning", "heldout", "heldout2"];
static string Title(string half) => half switch
{
    "tuning" => "tuning half",
    "heldout" => "held-out half",
    "heldout2" => "held-out half 2 (written 2026-12-06)",
    _ => half,
};
static bool HeldOut(string half) => half != "tuning";
var halves = halfNames.Where(h => only.Length == 0 || h == only)
    .Select(h => (Name: h, Cases: EvalCase.Load(Path.Combine(EvalCase.CasesDirectory(root), h + ".jsonl")).Where(c => filter.Split(',').Any(f => c.Id.StartsWith(f, StringComparison.Ordinal))).ToList()))
    .ToList();

Process? app = null;
var baseUrl = Arg("--url", "");
var key = Arg("--key", "");
if (baseUrl.Length == 0)
{
    var appDll = Path.Combine(root, "src", "OpsDashboard.Web", "bin", "Release", "net10.0", "OpsDashboard.dll");
    if (!File.Exists(appDll))
    {
        Console.Error.WriteLine($"Build the app first: dotnet build {Path.Combine(root, "src", "OpsDashboard.Web")} -c Release");
        return 2;
    }
    key = "eval_key_00000000000000000000000000000";
    baseUrl = "http://127.0.0.1:" + int.Parse(Arg("--port", "5392"), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
    app = Process.Start(new ProcessStartInfo("dotnet", $"\"{appDll}\" --urls {baseUrl}")
    {
        WorkingDirectory = Path.GetDirectoryName(appDll)!,
        Environment =
        {
            ["OPSDASH_DATA"] = Directory.CreateTempSubdirectory("opsdash-agent-eval").FullName, ["OPSDASH_API_KEY"] = key,
            ["Logging__LogLevel__Default"] = "Warning", ["Ops__WarmPoolSize"] = "2", ["Ops__RateLimitPerSecond"] = "1000",
            ["Ops__MaxStepsPerPeriod"] = "1000000", ["Ops__ActionTimeout"] = "00:00:30",
        },
        RedirectStandardOutput = true,
    })!;
    app.OutputDataReceived += (_, _) => { };
    app.BeginOutputReadLine();
}
try
{
    using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(4) };
    http.DefaultRequestHeaders.Add("X_MULTION_API_KEY", key);
    var baseUri = new Uri(baseUrl);
    for (var i = 0; i < 240; i++)
    {
        try
        {
            using var r = await http.GetAsync(new Uri(baseUri, "/health/ready"));
            if (r.IsSuccessStatusCode)
            {
                break;
            }
        }
        catch (HttpRequestException)
        {
        }
        await Task.Delay(500);
    }
    var runner = new CaseRunner(http, baseUri);
    var nonce = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
    var started = DateTime.UtcNow;
    var results = new Dictionary<string, List<CaseResult>>();
    var detail = Path.Combine(Path.GetTempPath(), $"opsdash-agent-eval-{DateTime.UtcNow:yyyyMMdd-HHmmss}.txt");
    foreach (var (name, cases) in halves)
    {
        var list = new List<CaseResult>();
        using var gate = new SemaphoreSlim(parallel);
        var done = 0;
        var tasks = cases.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                var r = await runner.RunAsync(c, nonce);
                lock (list)
                {
                    list.Add(r);
                    done++;
                    File.AppendAllText(detail, name + "\t" + r.Explain().Replace("\n", " ", StringComparison.Ordinal) + "\n");
                    // A held-out half's commands are never printed: only its case ids and outcomes.
                    var shown = HeldOut(name) ? $"{c.Id} [{c.Kind}] → {r.Status}" : r.Explain();
                    Console.WriteLine($"[{name} {done}/{cases.Count}] {(r.Correct ? "ok  " : r.FalseDone ? "FALSE DONE" : r.GuardViolation ? "GUARD" : "miss")} {shown}");
                }
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
        results[name] = list.OrderBy(r => r.Case.Id, StringComparer.Ordinal).ToList();
    }
    var elapsed = DateTime.UtcNow - started;
    var section = new StringBuilder();
    section.AppendLine(CultureInfo.InvariantCulture, $"<!-- run:{label} -->");
    section.AppendLine(CultureInfo.InvariantCulture, $"### {label}");
    section.AppendLine();
    section.AppendLine(CultureInfo.InvariantCulture,
        $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores, {Environment.OSVersion} · commit `{Git(root, "rev-parse --short HEAD")}` " +
        $"(branch `{Git(root, "rev-parse --abbrev-ref HEAD")}`) · {parallel} cases at a time · {elapsed.TotalMinutes:0.0} min");
    section.AppendLine();
    foreach (var (name, list) in results)
    {
        section.Append(EvalReport.Half(Title(name), list));
    }
    if (results.TryGetValue("tuning", out var tuning))
    {
        section.Append(EvalReport.Failures("tuning half", tuning));
    }
    foreach (var (name, held) in results.Where(kv => HeldOut(kv.Key)))
    {
        var ids = held.Where(r => r.FalseDone || r.GuardViolation).Select(r => r.Case.Id).ToList();
        if (ids.Count > 0)
        {
            section.AppendLine(CultureInfo.InvariantCulture,
                $"False DONEs / guard violations in the {Title(name)}, ids only (a held-out half is never tuned on): {string.Join(", ", ids)}");
            section.AppendLine();
        }
    }
    section.AppendLine("<!-- /run -->");
    Console.WriteLine();
    Console.WriteLine(section);
    Console.WriteLine("Per-case detail (every half run): " + detail);
    if (!args.Contains("--no-doc"))
    {
        WriteDoc(Path.Combine(root, "docs", "agent-eval.md"), label, section.ToString());
    }
    return 0;
}
finally
{
    if (app is not null)
    {
        app.Kill(entireProcessTree: true);
        await app.WaitForExitAsync();
    }
}

static void WriteDoc(string path, string label, string section)
{
    var text = File.Exists(path) ? File.ReadAllText(path) : "";
    var start = text.IndexOf($"<!-- run:{label} -->", StringComparison.Ordinal);
    if (start >= 0)
    {
        var end = text.IndexOf("<!-- /run -->", start, StringComparison.Ordinal);
        end = end < 0 ? text.Length : end + "<!-- /run -->".Length;
        text = text[..start] + section.TrimEnd() + text[end..];
    }
    else
    {
        text = text.TrimEnd() + "\n\n" + section;
    }
    File.WriteAllText(path, text.TrimEnd() + "\n");
    Console.WriteLine("Wrote " + path);
}

static string Git(string root, string cmd)
{
    try
    {
        var p = Process.Start(new ProcessStartInfo("git", cmd) { WorkingDirectory = root, RedirectStandardOutput = true })!;
        var s = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return s;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "?";
    }
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpsDashboard.sln")))
    {
        dir = dir.Parent;
    }
    return dir?.FullName ?? Directory.GetCurrentDirectory();
}
