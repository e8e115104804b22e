// The extraction evaluation: fixture pages with expected rows, run through the real Extractor in
// both request forms (a JSON Schema and `fields`), scored by item precision/recall/f1 and per-field
// accuracy. Used by bench/ExtractEval (the report in docs/extraction-eval.md) and, over the tuning
// half only, by a fast test in tests/OpsDashboard.Core.Tests.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpsDashboard.Core.Extraction;

namespace OpsDashboard.ExtractEval;

/// <summary>One fixture page: its HTML, address, both request forms and the rows a person would expect.</summary>
public sealed record EvalPage(
    string Name,
    string Half,
    string Html,
    Uri Url,
    string ModelledOn,
    IReadOnlyList<string> Kinds,
    string Key,
    JsonElement Schema,
    IReadOnlyList<string> Fields,
    IReadOnlyList<JsonObject> Expected,
    IReadOnlyList<JsonObject> ExpectedFields)
{
    /// <summary>Loads every <c>NAME.html</c> + <c>NAME.json</c> pair in <paramref name="directory"/>, by name.</summary>
    public static List<EvalPage> LoadAll(string directory, string half)
    {
        var pages = new List<EvalPage>();
        foreach (var json in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(json);
            var html = File.ReadAllText(Path.ChangeExtension(json, ".html"));
            var spec = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
            using var schemaDoc = JsonDocument.Parse(spec["schema"]!.ToJsonString());
            var expected = spec["expected"]!.AsArray().Select(n => n!.AsObject()).ToList();
            var expectedFields = spec["expected_fields"] is JsonArray ef ? ef.Select(n => n!.AsObject()).ToList() : expected;
            pages.Add(new EvalPage(
                name, half, html, new Uri(spec["url"]!.GetValue<string>()),
                spec["modelled_on"]?.GetValue<string>() ?? "",
                spec["kinds"]?.AsArray().Select(k => k!.GetValue<string>()).ToList() ?? [],
                spec["key"]!.GetValue<string>(),
                schemaDoc.RootElement.Clone(),
                spec["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToList(),
                expected, expectedFields));
        }
        return pages;
    }
}

/// <summary>How one page scored in one form.</summary>
public sealed record PageScore(
    string Page,
    string Half,
    string Form,
    int Expected,
    int Returned,
    int Matched,
    int FieldsCorrect,
    int FieldsTotal,
    double Milliseconds,
    string Message,
    IReadOnlyList<string> Misses)
{
    public double Precision => Returned == 0 ? (Expected == 0 ? 1 : 0) : (double)Matched / Returned;

    public double Recall => Expected == 0 ? 1 : (double)Matched / Expected;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Correct values over expected values of matched rows; a page whose rows all went missing scores 0.</summary>
    public double FieldAccuracy => FieldsTotal == 0 ? (Expected == 0 ? 1 : 0) : (double)FieldsCorrect / FieldsTotal;
}

public static partial class EvalScorer
{
    public const string SchemaForm = "schema";
    public const string FieldsForm = "fields";

    /// <summary>Runs the page through the extractor in one form and scores the rows.</summary>
    public static PageScore Run(EvalPage page, string form, Extractor? extractor = null)
    {
        extractor ??= new Extractor();
        var request = form == SchemaForm
            ? new ExtractionRequest(page.Html, page.Url, page.Schema, null, 1000)
            : new ExtractionRequest(page.Html, page.Url, null, page.Fields, 1000);
        var sw = Stopwatch.StartNew();
        ExtractionResult result;
        try
        {
            result = extractor.Extract(request);
        }
        catch (Exception ex)
        {
            sw.Stop();
            var expectedRows = form == SchemaForm ? page.Expected : page.ExpectedFields;
            return new PageScore(page.Name, page.Half, form, expectedRows.Count, 0, 0, 0, 0, sw.Elapsed.TotalMilliseconds, $"threw {ex.GetType().Name}: {ex.Message}", []);
        }
        sw.Stop();
        return Score(page, form, result.Rows, sw.Elapsed.TotalMilliseconds, result.Message);
    }

    /// <summary>Matches returned rows to expected rows by the page's key property (in order, each used once) and compares every expected value.</summary>
    public static PageScore Score(EvalPage page, string form, IReadOnlyList<JsonObject> rows, double ms, string message)
    {
        var expected = form == SchemaForm ? page.Expected : page.ExpectedFields;
        var used = new bool[expected.Count];
        var matched = 0;
        var correct = 0;
        var total = 0;
        var misses = new List<string>();
        // In the fields form only what was asked for is scored.
        var asked = form == FieldsForm ? page.Fields.Select(Snake).ToHashSet(StringComparer.Ordinal) : null;
        foreach (var row in rows)
        {
            var key = Get(row, page.Key);
            var index = -1;
            for (var i = 0; i < expected.Count; i++)
            {
                if (!used[i] && Same(expected[i][page.Key], key))
                {
                    index = i;
                    break;
                }
            }
            if (index < 0)
            {
                if (misses.Count < 12)
                {
                    misses.Add($"unexpected row: {Short(row.ToJsonString())}");
                }
                continue;
            }
            used[index] = true;
            matched++;
            foreach (var (name, want) in expected[index])
            {
                if (asked is not null && !asked.Contains(Snake(name)))
                {
                    continue;
                }
                total++;
                var got = Get(row, name);
                if (Same(want, got))
                {
                    correct++;
                }
                else if (misses.Count < 12)
                {
                    misses.Add($"{Short(expected[index][page.Key]?.ToString() ?? "")}.{name}: expected {Short(want?.ToJsonString() ?? "null")}, got {Short(got?.ToJsonString() ?? "(missing)")}");
                }
            }
        }
        for (var i = 0; i < expected.Count; i++)
        {
            if (!used[i] && misses.Count < 12)
            {
                misses.Add($"missing row: {Short(expected[i][page.Key]?.ToString() ?? "")}");
            }
        }
        return new PageScore(page.Name, page.Half, form, expected.Count, rows.Count, matched, correct, total, ms, message, misses);
    }

    /// <summary>A returned value by property name; in the fields form "start date" may come back as "start_date" or as itself.</summary>
    private static JsonNode? Get(JsonObject row, string name)
    {
        if (row.TryGetPropertyValue(name, out var v))
        {
            return v;
        }
        var snake = Snake(name);
        if (row.TryGetPropertyValue(snake, out v))
        {
            return v;
        }
        var spaced = snake.Replace('_', ' ');
        return row.TryGetPropertyValue(spaced, out v) ? v : null;
    }

    private static string Snake(string name) => Regex.Replace(name.Trim().ToLowerInvariant(), @"[^\p{L}\p{N}]+", "_").Trim('_');

    /// <summary>
    /// Whether a returned value is what was expected: strings equal after folding case and
    /// whitespace; a number and a string agree when the string's first number is that number
    /// ("$97.50" and 97.5, "(1,204)" and 1204); a date agrees with a date-time on that day; an
    /// expected null is met by no value or an empty one; <c>{"$any": [...]}</c> accepts any of its values.
    /// </summary>
    public static bool Same(JsonNode? want, JsonNode? got)
    {
        if (want is JsonObject any && any["$any"] is JsonArray options)
        {
            return options.Any(o => Same(o, got));
        }
        if (want is null)
        {
            return got is null || (got is JsonValue gv && gv.TryGetValue<string>(out var gs) && string.IsNullOrWhiteSpace(gs));
        }
        if (got is null)
        {
            return false;
        }
        if (want is JsonArray wa)
        {
            return got is JsonArray ga && wa.Count == ga.Count && wa.Zip(ga).All(p => Same(p.First, p.Second));
        }
        if (want is JsonObject wo)
        {
            return got is JsonObject go && wo.All(p => Same(p.Value, go[p.Key]));
        }
        var wantNumber = NumberOf(want);
        var gotNumber = NumberOf(got);
        var wantIsNumber = want.GetValueKind() == JsonValueKind.Number;
        var gotIsNumber = got.GetValueKind() == JsonValueKind.Number;
        if (wantIsNumber || gotIsNumber)
        {
            return wantNumber is { } a && gotNumber is { } b && Math.Abs(a - b) < 1e-6;
        }
        var ws = Fold(want.ToString());
        var gs2 = Fold(got.ToString());
        if (ws == gs2)
        {
            return true;
        }
        // a date against a date-time of the same day
        return (IsoDate().IsMatch(ws) && gs2.StartsWith(ws, StringComparison.Ordinal) && gs2.Length > 10 && gs2[10] == 't')
            || (IsoDate().IsMatch(gs2) && ws.StartsWith(gs2, StringComparison.Ordinal) && ws.Length > 10 && ws[10] == 't');
    }

    private static double? NumberOf(JsonNode node)
    {
        if (node.GetValueKind() == JsonValueKind.Number)
        {
            return double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);
        }
        if (node.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }
        var m = FirstNumber().Match(node.GetValue<string>());
        if (!m.Success)
        {
            return null;
        }
        var s = m.Value;
        // 1.299,00 (European) → 1299.00; 1,234.50 → 1234.50
        if (Regex.IsMatch(s, @"^\d{1,3}(\.\d{3})+,\d{1,2}$") || Regex.IsMatch(s, @"^\d+,\d{1,2}$"))
        {
            s = s.Replace(".", "").Replace(',', '.');
        }
        else
        {
            s = s.Replace(",", "");
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    private static string Fold(string s) => Spaces().Replace(s.Normalize(NormalizationForm.FormC), " ").Trim().ToLowerInvariant();

    private static string Short(string s) => s.Length <= 90 ? s : s[..87] + "...";

    [GeneratedRegex(@"\d[\d.,]*\d|\d")]
    private static partial Regex FirstNumber();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();

    /// <summary>Mean f1, mean field accuracy and the lowest page f1 over a set of scores.</summary>
    public static (double F1, double FieldAccuracy, double MinF1, double MeanMs) Summary(IReadOnlyCollection<PageScore> scores) =>
        scores.Count == 0 ? (0, 0, 0, 0) : (scores.Average(s => s.F1), scores.Average(s => s.FieldAccuracy), scores.Min(s => s.F1), scores.Average(s => s.Milliseconds));
}
