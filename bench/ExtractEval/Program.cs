// The extraction evaluation over both halves of bench/ExtractEval/Pages, each page in both request
// forms. Writes docs/extraction-eval.md (machine, date, command, both halves, per page).
//   dotnet run -c Release --project bench/ExtractEval                     # write the report
//   dotnet run -c Release --project bench/ExtractEval -- --save-baseline  # also record bench/ExtractEval/baseline.json
//   dotnet run -c Release --project bench/ExtractEval -- --only tuning    # one half only, on the console (with that
//                                                                           half's misses); the report is not written
//   dotnet run -c Release --project bench/ExtractEval -- --only tuning --match t2   # only tuning pages named *t2*
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpsDashboard.Core.Extraction;
using OpsDashboard.ExtractEval;

var root = FindRoot();
var pagesDir = Path.Combine(root, "bench", "ExtractEval", "Pages");
var onlyAt = Array.IndexOf(args, "--only");
var only = onlyAt >= 0 && onlyAt + 1 < args.Length ? (args[onlyAt + 1] is "heldout" ? "held-out" : args[onlyAt + 1]) : null;
if (only is not null && only is not ("tuning" or "held-out"))
{
    Console.Error.WriteLine($"--only takes tuning or held-out, not '{only}'");
    return 2;
}
var pages = EvalPage.LoadAll(Path.Combine(pagesDir, "tuning"), "tuning").Concat(EvalPage.LoadAll(Path.Combine(pagesDir, "heldout"), "held-out"))
    .Where(p => only is null || p.Half == only).ToList();
// --match TEXT: only the pages whose name contains TEXT (a quick development run; needs --only tuning).
var matchAt = Array.IndexOf(args, "--match");
if (matchAt >= 0 && matchAt + 1 < args.Length && only == "tuning")
{
    pages = [.. pages.Where(p => p.Name.Contains(args[matchAt + 1], StringComparison.Ordinal))];
}
var extractor = new Extractor();
foreach (var page in pages.Take(3))
{
    EvalScorer.Run(page, EvalScorer.SchemaForm, extractor); // warm-up: JIT, regexes, meta-schema
}
var scores = new List<PageScore>();
foreach (var page in pages)
{
    foreach (var form in new[] { EvalScorer.SchemaForm, EvalScorer.FieldsForm })
    {
        // the median of three runs for the time; the rows are the same each run
        var runs = Enumerable.Range(0, 3).Select(_ => EvalScorer.Run(page, form, extractor)).OrderBy(s => s.Milliseconds).ToList();
        scores.Add(runs[1]);
    }
}

var ci = CultureInfo.InvariantCulture;
if (only is not null)
{
    // Development runs: one half on the console; the report (both halves, baseline) is left as it is.
    var (f1, acc, min, ms) = EvalScorer.Summary(scores);
    Console.WriteLine(string.Create(ci, $"{only}: mean f1 {f1:0.000}, field accuracy {acc:0.000}, lowest page f1 {min:0.000}, {ms:0.0} ms/page"));
    foreach (var s in scores)
    {
        Console.WriteLine(string.Create(ci, $"  {s.Half,-8} {s.Page,-34} {s.Form,-6} f1 {s.F1:0.00} acc {s.FieldAccuracy:0.00}"));
    }
    if (only == "tuning")
    {
        foreach (var s in scores.Where(s => s.Misses.Count > 0))
        {
            Console.WriteLine($"- {s.Page} ({s.Form}): {s.Message}");
            foreach (var m in s.Misses)
            {
                Console.WriteLine($"    {m}");
            }
        }
    }
    return 0;
}
var halves = new[] { "held-out", "tuning" };
var summary = new JsonObject();
foreach (var half in halves)
{
    foreach (var form in new[] { EvalScorer.SchemaForm, EvalScorer.FieldsForm, "both" })
    {
        var set = scores.Where(s => s.Half == half && (form == "both" || s.Form == form)).ToList();
        var (f1, acc, min, ms) = EvalScorer.Summary(set);
        summary[$"{half}/{form}"] = new JsonObject { ["f1"] = Math.Round(f1, 3), ["field_accuracy"] = Math.Round(acc, 3), ["min_f1"] = Math.Round(min, 3), ["ms"] = Math.Round(ms, 1) };
    }
}
var baselinePath = Path.Combine(root, "bench", "ExtractEval", "baseline.json");
if (args.Contains("--save-baseline"))
{
    var perPage = new JsonObject();
    foreach (var s in scores)
    {
        perPage[$"{s.Page}/{s.Form}"] = new JsonObject { ["f1"] = Math.Round(s.F1, 3), ["field_accuracy"] = Math.Round(s.FieldAccuracy, 3) };
    }
    var doc = new JsonObject { ["date"] = DateTime.UtcNow.ToString("u", ci), ["commit"] = Git(root, "rev-parse --short HEAD"), ["summary"] = summary.DeepClone(), ["pages"] = perPage };
    File.WriteAllText(baselinePath, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
}
JsonObject? baseline = File.Exists(baselinePath) ? JsonNode.Parse(File.ReadAllText(baselinePath))!.AsObject() : null;

var md = new StringBuilder();
md.AppendLine("# Extraction evaluation");
md.AppendLine();
md.AppendLine("Written by `bench/ExtractEval` (do not edit by hand). The pages are in `bench/ExtractEval/Pages`: each is modelled on a");
md.AppendLine("real site's markup (what it is modelled on is in its `.json`), written for this evaluation, with the rows a person");
md.AppendLine("would expect in both request forms: a JSON Schema and `fields` (all strings). The **held-out** half was written and");
md.AppendLine("committed before any extractor change for issue 11 and is never tuned on; the **tuning** half is what the");
md.AppendLine("extractor was developed against (and what `ExtractionEvalTests` checks in the test suite).");
md.AppendLine();
md.AppendLine("Scoring (`bench/ExtractEval/EvalScorer.cs`): returned rows are matched to expected rows by the page's key property;");
md.AppendLine("precision = matched / returned, recall = matched / expected, f1 their harmonic mean; field accuracy = correct values");
md.AppendLine("over the expected values of matched rows (an expected null is met by no value). Strings compare after folding case");
md.AppendLine("and whitespace; a number and a string agree when the string's first number is that number (\"$97.50\" = 97.5); a date");
md.AppendLine("agrees with a date-time on that day. Time is the extractor's wall time per page (median of 3, after a warm-up).");
md.AppendLine("JS-rendered and infinite-scroll pages are the DOM the browser hands the extractor after rendering/scrolling.");
md.AppendLine();
md.AppendLine("Honesty notes: the held-out pages and expectations were committed (c284fe0) before any extractor change; while");
md.AppendLine("developing, only their summary and per-page f1 lines were seen on the console, never their misses, and no change");
md.AppendLine("was made for a held-out page. One tuning expectation was changed after the first run (t01: an img with a real `src`");
md.AppendLine("and a `srcset` answers the `src`, as the existing extractor tests pin). The scorer scores only the requested fields");
md.AppendLine("in the `fields` form (a fix made while the tuning half was being written, applied to both halves alike).");
md.AppendLine("On 2026-12-02 the held-out misses written in this file were read while the extractor was being changed; no change");
md.AppendLine("was aimed at a held-out page, but from then on the held-out half is less independent than it was.");
md.AppendLine("On 2026-12-03 tuning pages t14–t16 were added, written and committed (ceb55ac) before the extractor change they led to:");
md.AppendLine("t14 a Hacker News–style front page (tr.athing item row, td.subtext detail row, spacer rows, a job post, a More row),");
md.AppendLine("t15 a Trac custom query with Description rows (cycling row classes, optional detail rows, group headings, a note row),");
md.AppendLine("t16 a bank activity table with memo rows (day-heading rows, ⋮ × › ▾ icons, screen-reader and clip-hidden text).");
md.AppendLine("While making that change no held-out page, expectation or miss was opened and nothing was aimed at a held-out page;");
md.AppendLine("development ran `--only tuning`, and the held-out half was seen only as its summary and per-page f1 lines (before and");
md.AppendLine("after). But this file, with the 2026-12-02 held-out misses (h08's among them), was read once at the start of that work.");
md.AppendLine("On 2026-12-03 tuning pages t17 and t18 were added, written and committed (dbe2ae0) before the extractor change they led to:");
md.AppendLine("t17 a Shopify Dawn–style product grid (struck compare-at prices beside sale prices, an empty s off sale, ins/del, a");
md.AppendLine("line-through was-price, From $X, Sale badges; numeric price/original_price, string prices with currency in `fields`),");
md.AppendLine("t18 an EC2-style instances table (a Name cell whose link is the name and whose sub-line div is the instance id).");
md.AppendLine("t17's vendor property (a caption with no label) is still missed; its expectation was left as written. While making");
md.AppendLine("that change no held-out page, expectation or miss was opened and nothing was aimed at a held-out page; development");
md.AppendLine("ran `--only tuning`. The held-out misses already in this file were known from earlier work; its \"What was wrong\"");
md.AppendLine("section was not read for this change.");
md.AppendLine("On 2026-12-03 tuning pages t19–t21 were added, written and committed (9e6a8ac) before the extractor change they led to:");
md.AppendLine("t19 a lazysizes-style product grid (data-srcset/data-src/data-lazy/data-original, a noscript fallback, a CSS");
md.AppendLine("background-image, an unlabelled brand caption), t20 a blog river (rel=author bylines, relative time[datetime], properties");
md.AppendLine("named only by their description), t21 a people directory (@handles, an unlabelled 'Role · E-1042' sub-line, enum status,");
md.AppendLine("a nullable email). The one change made (an id-shaped part of a card's unlabelled sub-line) was developed with `--only");
md.AppendLine("tuning`; no held-out page, expectation or miss was opened. t17 vendor and t21 role (unlabelled captions) are still missed.");
md.AppendLine("On 2026-12-04 tuning pages t22–t26 were added, written and committed (2ee1251) before the extractor change they led to,");
md.AppendLine("from real page structures seen in public scraper projects: t22 a Craigslist-style housing list (a repeated price,");
md.AppendLine("'2br - 870ft2', the neighbourhood in parentheses), t23 Zillow-style property cards ('3 bds' abbr facts, data-test hooks,");
md.AppendLine("an address element, a 'Price cut' badge, the home type as bare text), t24 Eventbrite-style event cards (two unlabelled");
md.AppendLine("'a • b' sub-lines, 'organizer-name'/'organizer-followers'), t25 Amazon-style reviews (a rating in icon alt text, a date");
md.AppendLine("in a sentence, a Verified Purchase badge, helpful-vote sentences), t26 a Wikipedia sortable table (footnotes, legend");
md.AppendLine("marks, a coordinates link). Development ran `--only tuning`; the held-out half was run twice for its summary line only;");
md.AppendLine("no held-out page, expectation or per-page miss was opened. This file (with the held-out misses of 2026-12-03) was read");
md.AppendLine("once at the start; one change that would answer a miss listed there (a 'job_title' property taken as the record's");
md.AppendLine("title) was deliberately not made. t24's 'From $28.50' is answered '$28.50', as an earlier extractor test pins.");
md.AppendLine("On 2026-12-06 tuning pages t27–t32 were added, written and committed (4ef95c4) before the extractor change they led to,");
md.AppendLine("from real page structures seen in public scraper projects and templates: t27 LinkedIn-style job cards (a full-card overlay");
md.AppendLine("link named by sr-only text, the company link in an h4, salary ranges, relative time[datetime]), t28 Booking-style hotel");
md.AppendLine("results (score, score word and 'N reviews' on separate lines, struck prices, a property with no score), t29 a SaaS pricing");
md.AppendLine("matrix (icon-only cells with sr-only 'Included'/'Not included', group rows, a 'New' pill), t30 a Shopify-style admin product");
md.AppendLine("table ('SKU: …' sub-lines, tone words before badges, 'Inventory not tracked'), t31 Best Buy-style laptop cards (dl key specs in");
md.AppendLine("div wrappers, 'Model: … SKU: …' span pairs, a visually-hidden rating sentence), t32 a recipe grid with a partial JSON-LD ItemList.");
md.AppendLine("One expectation was changed after the first run (6c80f2a: t31's Sponsored card is left out, as the extractor does unless asked).");
md.AppendLine("Development ran `--only tuning`; further probe pages (video, Q&A, issue, stock, package, flight, course, shop, news and");
md.AppendLine("trending-repository listings) were written in /tmp, run with `--match` and never committed; each behaviour they led to is");
md.AppendLine("pinned by ExtractorFieldAccuracyTests. The held-out half was run for its summary line only (before: field accuracy 0.909;");
md.AppendLine("after each change: 0.909, so its target is still not met); no held-out page, expectation or per-page miss was opened, and");
md.AppendLine("only this file's intro and summary table were read.");
md.AppendLine();
md.AppendLine($"- machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, load average {LoadAverage()}");
md.AppendLine($"- date: {DateTime.UtcNow.ToString("u", ci)}, commit {Git(root, "rev-parse --short HEAD")}{(Git(root, "status --porcelain src").Length > 0 ? " (with uncommitted changes)" : "")}");
md.AppendLine("- command: `dotnet run -c Release --project bench/ExtractEval`");
md.AppendLine();
md.AppendLine("## Summary");
md.AppendLine();
md.AppendLine("| half | form | pages | mean f1 | field accuracy | lowest page f1 | mean ms/page |" + (baseline is null ? "" : " baseline f1 / field acc. |"));
md.AppendLine("|---|---|---|---|---|---|---|" + (baseline is null ? "" : "---|"));
foreach (var half in halves)
{
    foreach (var form in new[] { "both", EvalScorer.SchemaForm, EvalScorer.FieldsForm })
    {
        var set = scores.Where(s => s.Half == half && (form == "both" || s.Form == form)).ToList();
        var (f1, acc, min, ms) = EvalScorer.Summary(set);
        var b = baseline?["summary"]?[$"{half}/{form}"];
        md.AppendLine(string.Create(ci, $"| {half} | {form} | {set.Select(s => s.Page).Distinct().Count()} | {f1:0.000} | {acc:0.000} | {min:0.000} | {ms:0.0} |")
            + (b is null ? (baseline is null ? "" : " – |") : string.Create(ci, $" {b["f1"]!.GetValue<double>():0.000} / {b["field_accuracy"]!.GetValue<double>():0.000} |")));
    }
}
if (baseline is not null)
{
    md.AppendLine();
    md.AppendLine($"Baseline: the extractor before issue 11's changes (commit {baseline["commit"]}, {baseline["date"]}), same pages, same scorer.");
}
md.AppendLine();
md.AppendLine("Targets on the held-out half: mean f1 ≥ 0.95, field accuracy ≥ 0.95, no page below 0.8.");
foreach (var half in halves)
{
    md.AppendLine();
    md.AppendLine($"## Per page: {half}");
    md.AppendLine();
    md.AppendLine("| page | form | expected | returned | matched | precision | recall | f1 | field acc. | ms |" + (baseline is null ? "" : " baseline f1 |"));
    md.AppendLine("|---|---|---|---|---|---|---|---|---|---|" + (baseline is null ? "" : "---|"));
    foreach (var s in scores.Where(s => s.Half == half))
    {
        var b = baseline?["pages"]?[$"{s.Page}/{s.Form}"];
        md.AppendLine(string.Create(ci, $"| {s.Page} | {s.Form} | {s.Expected} | {s.Returned} | {s.Matched} | {s.Precision:0.00} | {s.Recall:0.00} | {s.F1:0.00} | {s.FieldAccuracy:0.00} | {s.Milliseconds:0.0} |")
            + (b is null ? (baseline is null ? "" : " – |") : string.Create(ci, $" {b["f1"]!.GetValue<double>():0.00} |")));
    }
    md.AppendLine();
    md.AppendLine("<details><summary>What was wrong, per page (first misses)</summary>");
    md.AppendLine();
    foreach (var s in scores.Where(s => s.Half == half && s.Misses.Count > 0))
    {
        md.AppendLine($"- **{s.Page}** ({s.Form}): {Escape(s.Message)}");
        foreach (var m in s.Misses)
        {
            md.AppendLine($"  - {Escape(m)}");
        }
    }
    md.AppendLine();
    md.AppendLine("</details>");
}
var outPath = Path.Combine(root, "docs", "extraction-eval.md");
File.WriteAllText(outPath, md.ToString());
foreach (var half in halves)
{
    var (f1, acc, min, ms) = EvalScorer.Summary(scores.Where(s => s.Half == half).ToList());
    Console.WriteLine(string.Create(ci, $"{half}: mean f1 {f1:0.000}, field accuracy {acc:0.000}, lowest page f1 {min:0.000}, {ms:0.0} ms/page"));
}
foreach (var s in scores)
{
    Console.WriteLine(string.Create(ci, $"  {s.Half,-8} {s.Page,-34} {s.Form,-6} f1 {s.F1:0.00} acc {s.FieldAccuracy:0.00}"));
}
Console.WriteLine($"wrote {outPath}");
return 0;

static string Escape(string s) => s.Replace("|", "\\|").Replace("<", "&lt;").Replace("\n", " ");

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "OpsDashboard.sln")))
        {
            return dir.FullName;
        }
    }
    return Directory.GetCurrentDirectory();
}

static string Git(string root, string args)
{
    try
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", $"-C \"{root}\" {args}") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var o = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return o;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "?";
    }
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
