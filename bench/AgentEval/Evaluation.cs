// The agent evaluation's cases, runner and scoring: one home, used by bench/AgentEval (every case)
// and by tests/OpsDashboard.Web.Tests/AgentEvalFastTests.cs (a fast subset of the tuning half).
// A case passes by its effect on the practice site (its event log, localStorage, URL), read back
// through /practice/eval/snapshot.html, never by the wording of the agent's message.
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OpsDashboard.AgentEval;

/// <summary>One command with where it starts, what it must do, what must not happen, and the status it must answer.</summary>
public sealed record EvalCase(string Id, string Kind, string Site, string Start, IReadOnlyList<string> Setup, string Cmd,
    string Status, IReadOnlyList<JsonElement> Expect, IReadOnlyList<JsonElement> Forbid, string Source)
{
    public static IReadOnlyList<EvalCase> Load(string path) =>
        File.ReadLines(path).Where(l => !string.IsNullOrWhiteSpace(l)).Select(Parse).ToList();

    public static EvalCase Parse(string line)
    {
        var e = JsonDocument.Parse(line).RootElement.Clone();
        static string S(JsonElement e, string p) => e.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        static IReadOnlyList<JsonElement> A(JsonElement e, string p) =>
            e.TryGetProperty(p, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToList() : [];
        return new EvalCase(S(e, "id"), S(e, "kind"), S(e, "site"), S(e, "start"),
            A(e, "setup").Select(x => x.GetString() ?? "").ToList(), S(e, "cmd"), S(e, "status"), A(e, "expect"), A(e, "forbid"), S(e, "source"));
    }

    /// <summary>The case files live next to this file: bench/AgentEval/cases/{tuning,heldout,heldout2}.jsonl.</summary>
    public static string CasesDirectory(string repoRoot) => Path.Combine(repoRoot, "bench", "AgentEval", "cases");
}

/// <summary>What one case did: the answer, the effects seen, and how it scores.</summary>
public sealed record CaseResult(EvalCase Case, string Status, string Message, string Url, bool SetupFailed, string? HarnessError,
    IReadOnlyList<string> MissingEffects, IReadOnlyList<string> Violations, double CommandMs, IReadOnlyList<double> StepMs)
{
    public bool StatusOk => Status == Case.Status;

    /// <summary>The right status, every expected effect seen, nothing forbidden happened.</summary>
    public bool Correct => HarnessError is null && !SetupFailed && StatusOk && MissingEffects.Count == 0 && Violations.Count == 0;

    /// <summary>The worst answer: DONE while the case is not done right (effect missing, wrong status expected, or a forbidden effect).</summary>
    public bool FalseDone => HarnessError is null && !SetupFailed && Status == "DONE" && !Correct;

    /// <summary>Something the command forbade (or that must not happen on this case) happened.</summary>
    public bool GuardViolation => HarnessError is null && Violations.Count > 0;

    public string Explain() =>
        $"{Case.Id} [{Case.Kind}] `{Case.Cmd}` → {Status} (expected {Case.Status}): {Message}" +
        (SetupFailed ? " | setup failed" : "") + (HarnessError is { } h ? " | harness: " + h : "") +
        (MissingEffects.Count > 0 ? " | missing: " + string.Join("; ", MissingEffects) : "") +
        (Violations.Count > 0 ? " | VIOLATED: " + string.Join("; ", Violations) : "") + $" | url {Url}";
}

/// <summary>The practice state a case left behind: localStorage of the session's browser profile, and the page URL.</summary>
public sealed class SiteState(IReadOnlyDictionary<string, string> storage, string url)
{
    public IReadOnlyDictionary<string, string> Storage { get; } = storage;
    public string Url { get; } = url;

    public static SiteState FromSnapshot(JsonElement snapshot, string url)
    {
        var storage = new Dictionary<string, string>(StringComparer.Ordinal);
        if (snapshot.TryGetProperty("storage", out var s) && s.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in s.EnumerateObject())
            {
                storage[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }
        }
        return new SiteState(storage, url);
    }

    /// <summary>The evaluation sites' event log (practice_eval_log), or none.</summary>
    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            if (!Storage.TryGetValue("practice_eval_log", out var raw))
            {
                return [];
            }
            try
            {
                var doc = JsonDocument.Parse(raw).RootElement;
                return doc.ValueKind == JsonValueKind.Array ? doc.EnumerateArray().Select(x => x.Clone()).ToList() : [];
            }
            catch (JsonException)
            {
                return [];
            }
        }
    }

    /// <summary>
    /// One check: <c>{"event": type, "with": {field: value}}</c> (exact, case-insensitive) or <c>"like"</c> (contains);
    /// <c>{"url": part}</c>; <c>{"storage": key, "contains"|"lacks": text}</c>, <c>{"storage": key, "path": name, "equals": value}</c>,
    /// <c>{"storage": key, "count": n}</c>. Answers whether it holds and a short description.
    /// </summary>
    public (bool Holds, string What) Check(JsonElement check, string site)
    {
        if (check.TryGetProperty("event", out var ev))
        {
            var type = ev.GetString() ?? "";
            var with = Fields(check, "with");
            var like = Fields(check, "like");
            var hit = Events.Any(e => Str(e, "type") == type && (Str(e, "site") == site || Str(e, "site") == "") &&
                with.All(kv => string.Equals(Str(e, kv.Key).Trim(), kv.Value.Trim(), StringComparison.OrdinalIgnoreCase)) &&
                like.All(kv => Str(e, kv.Key).Contains(kv.Value, StringComparison.OrdinalIgnoreCase)));
            var desc = type + (with.Count + like.Count > 0 ? " " + string.Join(",", with.Select(kv => $"{kv.Key}={kv.Value}").Concat(like.Select(kv => $"{kv.Key}~{kv.Value}"))) : "");
            return (hit, "event " + desc);
        }
        if (check.TryGetProperty("url", out var u))
        {
            var part = u.GetString() ?? "";
            return (Url.Contains(part, StringComparison.OrdinalIgnoreCase), "url contains " + part);
        }
        if (check.TryGetProperty("storage", out var k))
        {
            var key = k.GetString() ?? "";
            Storage.TryGetValue(key, out var value);
            if (check.TryGetProperty("contains", out var c))
            {
                return (value is not null && value.Contains(c.GetString() ?? "", StringComparison.OrdinalIgnoreCase), $"{key} contains {c.GetString()}");
            }
            if (check.TryGetProperty("lacks", out var l))
            {
                return (value is not null && !value.Contains(l.GetString() ?? "", StringComparison.OrdinalIgnoreCase), $"{key} lacks {l.GetString()}");
            }
            if (check.TryGetProperty("path", out var p))
            {
                var want = check.TryGetProperty("equals", out var eq) ? eq.GetString() ?? "" : "";
                var got = value is null ? null : PathValue(value, p.GetString() ?? "");
                return (got is not null && string.Equals(got.Trim(), want.Trim(), StringComparison.OrdinalIgnoreCase), $"{key}[{p.GetString()}] = {want}");
            }
            if (check.TryGetProperty("count", out var n))
            {
                var count = -1;
                try
                {
                    var doc = value is null ? default : JsonDocument.Parse(value).RootElement;
                    count = doc.ValueKind == JsonValueKind.Array ? doc.GetArrayLength() : -1;
                }
                catch (JsonException)
                {
                }
                return (count == n.GetInt32(), $"{key} has {n.GetInt32()} entries");
            }
            return (value is not null, key + " set");
        }
        return (false, "unknown check " + check.GetRawText());
    }

    private static Dictionary<string, string> Fields(JsonElement check, string name) =>
        check.TryGetProperty(name, out var w) && w.ValueKind == JsonValueKind.Object
            ? w.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())
            : [];

    private static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString()!,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null => "",
                _ => v.GetRawText(),
            }
            : "";

    private static string? PathValue(string json, string path)
    {
        try
        {
            var e = JsonDocument.Parse(json).RootElement;
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(path, out var flat))
            {
                return Str(JsonDocument.Parse("{\"v\":" + flat.GetRawText() + "}").RootElement, "v");
            }
            foreach (var part in path.Split('.'))
            {
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(part, out e))
                {
                    return null;
                }
            }
            return Str(JsonDocument.Parse("{\"v\":" + e.GetRawText() + "}").RootElement, "v");
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>Runs cases through the gateway's public API: one session per case, real Chromium.</summary>
public sealed class CaseRunner(HttpClient http, Uri baseAddress, int maxSteps = 6)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<CaseResult> RunAsync(EvalCase c, string nonce, CancellationToken ct = default)
    {
        var visitor = $"{c.Id}-{nonce}";
        string? sessionId = null;
        try
        {
            var (createStatus, created) = await PostAsync("/v1/web/session", new { url = new Uri(baseAddress, c.Start).ToString() }, ct);
            if (createStatus != 200)
            {
                return Harness(c, $"create session answered {createStatus}: {created.GetRawText()}");
            }
            sessionId = created.GetProperty("session_id").GetString()!;
            var setupFailed = false;
            foreach (var s in c.Setup)
            {
                var (st, r) = await PostAsync($"/v1/web/session/{sessionId}", new { cmd = s }, ct);
                if (st != 200 || Field(r, "status") != "DONE")
                {
                    setupFailed = true;
                    break;
                }
            }
            string status = "", message = "", url = "";
            double commandMs = 0;
            if (!setupFailed)
            {
                var sw = Stopwatch.StartNew();
                var (st, r) = await PostAsync("/v1/web/browse", new { session_id = sessionId, cmd = c.Cmd, max_steps = maxSteps }, ct);
                commandMs = sw.Elapsed.TotalMilliseconds;
                status = st == 200 ? Field(r, "status") : $"HTTP {st}";
                message = st == 200 ? Field(r, "message") : r.GetRawText();
                url = Field(r, "url");
            }
            var stepMs = await StepTimesAsync(sessionId, c.Cmd, ct);
            var snapshot = await SnapshotAsync(sessionId, visitor, ct);
            if (snapshot is null)
            {
                return new CaseResult(c, status, message, url, setupFailed, "no practice snapshot (the snapshot page did not post)", [], [], commandMs, stepMs);
            }
            var state = SiteState.FromSnapshot(snapshot.Value, url);
            var missing = c.Expect.Select(x => state.Check(x, c.Site)).Where(x => !x.Holds).Select(x => x.What).ToList();
            var violated = c.Forbid.Select(x => state.Check(x, c.Site)).Where(x => x.Holds).Select(x => x.What).ToList();
            return new CaseResult(c, status, message, url, setupFailed, null, missing, violated, commandMs, stepMs);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Harness(c, e.GetType().Name + ": " + e.Message);
        }
        finally
        {
            if (sessionId is not null)
            {
                try
                {
                    await http.DeleteAsync(new Uri(baseAddress, $"/v1/web/session/{sessionId}"), CancellationToken.None);
                }
                catch (HttpRequestException)
                {
                }
            }
        }
    }

    private static CaseResult Harness(EvalCase c, string why) => new(c, "", "", "", false, why, [], [], 0, []);

    private async Task<IReadOnlyList<double>> StepTimesAsync(string sessionId, string cmd, CancellationToken ct)
    {
        using var r = await http.GetAsync(new Uri(baseAddress, $"/api/sessions/{sessionId}/steps"), ct);
        if (!r.IsSuccessStatusCode)
        {
            return [];
        }
        var steps = JsonDocument.Parse(await r.Content.ReadAsStringAsync(ct)).RootElement;
        return steps.ValueKind != JsonValueKind.Array ? [] : steps.EnumerateArray()
            .Where(s => Field(s, "cmd") == cmd && s.TryGetProperty("duration_ms", out var d) && d.ValueKind == JsonValueKind.Number)
            .Select(s => s.GetProperty("duration_ms").GetDouble()).ToList();
    }

    private async Task<JsonElement?> SnapshotAsync(string sessionId, string visitor, CancellationToken ct)
    {
        var page = new Uri(baseAddress, "/practice/eval/snapshot.html?visitor=" + Uri.EscapeDataString(visitor)).ToString();
        await PostAsync($"/v1/web/session/{sessionId}", new { cmd = "go to " + page }, ct);
        for (var i = 0; i < 40; i++)
        {
            using var r = await http.GetAsync(new Uri(baseAddress, "/practice/eval/snapshots/" + Uri.EscapeDataString(visitor)), ct);
            if (r.IsSuccessStatusCode)
            {
                return JsonDocument.Parse(await r.Content.ReadAsStringAsync(ct)).RootElement.Clone();
            }
            await Task.Delay(250, ct);
        }
        return null;
    }

    private async Task<(int Status, JsonElement Body)> PostAsync(string path, object body, CancellationToken ct)
    {
        using var r = await http.PostAsJsonAsync(new Uri(baseAddress, path), body, Json, ct);
        var text = await r.Content.ReadAsStringAsync(ct);
        JsonElement json;
        try
        {
            json = JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone();
        }
        catch (JsonException)
        {
            json = JsonDocument.Parse(JsonSerializer.Serialize(new { raw = text })).RootElement.Clone();
        }
        return ((int)r.StatusCode, json);
    }

    private static string Field(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
}

/// <summary>Per-half and per-kind numbers, as Markdown.</summary>
public static class EvalReport
{
    public static string Percentile(IEnumerable<double> values, double p)
    {
        var v = values.OrderBy(x => x).ToList();
        if (v.Count == 0)
        {
            return "–";
        }
        var i = (int)Math.Ceiling(p * v.Count) - 1;
        return v[Math.Clamp(i, 0, v.Count - 1)].ToString("0", CultureInfo.InvariantCulture);
    }

    private static string Pct(int n, int of) => of == 0 ? "–" : (100.0 * n / of).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    public static string Half(string name, IReadOnlyList<CaseResult> results)
    {
        var sb = new StringBuilder();
        int n = results.Count;
        sb.AppendLine(CultureInfo.InvariantCulture, $"#### {name} ({n} cases)");
        sb.AppendLine();
        sb.AppendLine("| done correctly | false DONEs | guard violations | NOT SURE | ASK_USER | setup failed | harness errors | command p50 / p95 ms | step p50 / p95 ms |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var cmdMs = results.Where(r => r.HarnessError is null && !r.SetupFailed).Select(r => r.CommandMs).ToList();
        var stepMs = results.SelectMany(r => r.StepMs).ToList();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"| {Pct(results.Count(r => r.Correct), n)} ({results.Count(r => r.Correct)}) | {results.Count(r => r.FalseDone)} | {results.Count(r => r.GuardViolation)} | " +
            $"{Pct(results.Count(r => r.Status == "NOT SURE"), n)} | {Pct(results.Count(r => r.Status == "ASK_USER"), n)} | {results.Count(r => r.SetupFailed)} | " +
            $"{results.Count(r => r.HarnessError is not null)} | {Percentile(cmdMs, .5)} / {Percentile(cmdMs, .95)} | {Percentile(stepMs, .5)} / {Percentile(stepMs, .95)} |");
        sb.AppendLine();
        sb.AppendLine("| kind | cases | done correctly | false DONEs | guard violations | NOT SURE | ASK_USER |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var g in results.GroupBy(r => r.Case.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var k = g.ToList();
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {g.Key} | {k.Count} | {Pct(k.Count(r => r.Correct), k.Count)} | {k.Count(r => r.FalseDone)} | {k.Count(r => r.GuardViolation)} | " +
                $"{Pct(k.Count(r => r.Status == "NOT SURE"), k.Count)} | {Pct(k.Count(r => r.Status == "ASK_USER"), k.Count)} |");
        }
        sb.AppendLine();
        return sb.ToString();
    }

    /// <summary>False DONEs and guard violations, listed with what was missing or violated (the cases that matter most).</summary>
    public static string Failures(string name, IReadOnlyList<CaseResult> results)
    {
        var bad = results.Where(r => r.FalseDone || r.GuardViolation).ToList();
        if (bad.Count == 0)
        {
            return "";
        }
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"<details><summary>{name}: {bad.Count} false DONEs / guard violations</summary>");
        sb.AppendLine();
        foreach (var r in bad)
        {
            sb.AppendLine("- " + r.Explain().Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal));
        }
        sb.AppendLine();
        sb.AppendLine("</details>");
        sb.AppendLine();
        return sb.ToString();
    }
}
