using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsDashboard.Core.Extraction;

/// <summary>One property a detected schema proposes: its name, JSON type, format, a value seen on the page, and where it comes from.</summary>
public sealed record ProposedField(string Name, string Type, string? Format, string? Sample, string Source);

/// <summary>
/// A schema proposed from the page's best structure (<see cref="SchemaDetector.Propose"/>), ready to
/// edit: <see cref="SchemaJson"/> is null when the page has no repeated structure (then
/// <see cref="Message"/> says so).
/// </summary>
public sealed record SchemaProposal(string? SchemaJson, string Structure, int Records, IReadOnlyList<ProposedField> Fields, string Message);

/// <summary>
/// "Detect" in the dashboard's retrieve panel: the structure retrieve would pick for a generic
/// request (the same candidates and scoring as <see cref="Extractor"/>), and its columns (a table's
/// headers) or card fields (labels shared by most cards; title, link, image, price and time when the
/// cards carry them), each typed from the values on the page: integer or number when every value is
/// a plain number, money as text with its currency (and a description saying so), dates with
/// <c>format: date</c>, links and images with <c>format: uri</c>, emails with <c>format: email</c>.
/// </summary>
public static class SchemaDetector
{
    private const int MaxFields = 16;
    private const int Sampled = 25;

    public static SchemaProposal Propose(string html, Uri pageUrl)
    {
        ArgumentNullException.ThrowIfNull(pageUrl);
        var page = HtmlPage.Load(html ?? "", pageUrl);
        var mapper = new RecordMapper(page);
        var best = Extractor.BestCandidate(page, mapper);
        if (best is null || best.Eligible.Count == 0)
        {
            return new SchemaProposal(null, "no repeated structure", 0, [],
                "Found no repeated items (a list, a table or a card grid) on this page to propose a schema from. If the page builds its content with scripts, turn on render_js and detect again.");
        }
        var records = best.Eligible.Take(Sampled).ToList();
        var fields = records[0].Headers is { Count: > 0 } ? TableFields(records) : CardFields(records);
        var structure = Extractor.DescribeCandidate(best);
        if (fields.Count == 0)
        {
            return new SchemaProposal(null, structure, best.Eligible.Count, [], $"Found {structure} but no field in it to propose; write the schema by hand.");
        }
        var properties = new JsonObject();
        foreach (var f in fields)
        {
            var p = new JsonObject { ["type"] = f.Type };
            if (f.Format is not null)
            {
                p["format"] = f.Format;
            }
            var description = f.Source + (f.Sample is null ? "" : $"; e.g. \"{Clip(f.Sample)}\"");
            if (f.Type == "string" && SchemaNotes.IsMoneyName(f.Name) || f.Source.Contains("money", StringComparison.Ordinal))
            {
                description += "; money kept as the page shows it (with its currency): change the type to number for a plain amount";
            }
            p["description"] = description;
            properties[f.Name] = p;
        }
        var schema = new JsonObject
        {
            ["type"] = "array",
            ["items"] = new JsonObject { ["type"] = "object", ["properties"] = properties },
        };
        var json = schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        return new SchemaProposal(json, structure, best.Eligible.Count, fields,
            $"Proposed {fields.Count} {(fields.Count == 1 ? "field" : "fields")} from {structure} ({best.Eligible.Count} {(best.Eligible.Count == 1 ? "record" : "records")}): {string.Join(", ", fields.Select(f => $"{f.Name} ({f.Type}{(f.Format is null ? "" : " " + f.Format)})"))}.");
    }

    private static List<ProposedField> TableFields(List<Record> records)
    {
        var headers = records[0].Headers!;
        var fields = new List<ProposedField>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var linked = false;
        for (var i = 0; i < headers.Count && fields.Count < MaxFields; i++)
        {
            var cells = records.Select(r => r.Cells is { } c && i < c.Count ? c[i] : null).ToList();
            var texts = cells.Select(c => c is null ? "" : HtmlPage.Text(c).Trim()).ToList();
            var name = Unique(PropertyName(headers[i]), names);
            if (name.Length == 0 || texts.All(t => t.Length == 0))
            {
                continue;
            }
            var times = cells.Select(c => c?.QuerySelector("time[datetime]")?.GetAttribute("datetime")).ToList();
            fields.Add(Typed(name, times.All(t => t is not null) ? times! : texts, $"column \"{headers[i].Trim()}\"", headers[i]));
            if (!linked && cells.Count(c => c?.QuerySelector("a[href]") is not null) * 2 > cells.Count)
            {
                linked = true;
                var url = Unique("url", names);
                var href = cells.Select(c => c?.QuerySelector("a[href]")?.GetAttribute("href")).FirstOrDefault(h => h is not null);
                fields.Add(new ProposedField(url, "string", "uri", href, $"the link in column \"{headers[i].Trim()}\""));
            }
        }
        return fields;
    }

    private static List<ProposedField> CardFields(List<Record> records)
    {
        var fields = new List<ProposedField>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var half = Math.Max(1, records.Count / 2);
        string First(Record r, string selector) => r.SelfAndDescendants.FirstOrDefault(e => e.Matches(selector)) is { } e ? HtmlPage.Text(e).Trim() : "";
        var titles = records.Select(r => First(r, "h1, h2, h3, h4, h5, h6, [itemprop=name], a[href]")).ToList();
        if (titles.Count(t => t.Length > 0) >= half)
        {
            fields.Add(new ProposedField(Unique("title", names), "string", null, titles.FirstOrDefault(t => t.Length > 0), "each item's heading or first link"));
        }
        var links = records.Select(r => r.SelfAndDescendants.FirstOrDefault(e => e.Matches("a[href]"))?.GetAttribute("href")).ToList();
        if (links.Count(l => l is not null) >= half)
        {
            fields.Add(new ProposedField(Unique("url", names), "string", "uri", links.FirstOrDefault(l => l is not null), "each item's link"));
        }
        var images = records.Select(r => r.SelfAndDescendants.FirstOrDefault(e => e.Matches("img, picture source, [style*=background-image]"))).ToList();
        if (images.Count(i => i is not null) >= half)
        {
            fields.Add(new ProposedField(Unique("image", names), "string", "uri", images.FirstOrDefault(i => i is not null)?.GetAttribute("src"), "each item's image"));
        }
        var labelled = new Dictionary<string, (string Label, List<string> Values)>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            foreach (var pair in r.Labels.Where(l => !l.FromClass && l.Label.Length is > 0 and <= 40 && l.Text.Length > 0))
            {
                var name = PropertyName(pair.Label);
                if (name.Length == 0)
                {
                    continue;
                }
                if (!labelled.TryGetValue(name, out var entry))
                {
                    labelled[name] = entry = (pair.Label.Trim(), []);
                }
                if (entry.Values.Count < records.IndexOf(r) + 1)
                {
                    entry.Values.Add(pair.Text.Trim());
                }
            }
        }
        foreach (var (name, (label, values)) in labelled.Where(l => l.Value.Values.Count >= half).Take(MaxFields))
        {
            if (!names.Contains(name))
            {
                fields.Add(Typed(Unique(name, names), values, $"the \"{label}\" label", label));
            }
        }
        var prices = records.Select(r => ValueParsers.FindMoney(r.Text)).ToList();
        if (!names.Contains("price") && prices.Count(p => p is not null) >= half)
        {
            fields.Add(new ProposedField(Unique("price", names), "string", null, prices.FirstOrDefault(p => p is not null), "the price in each item (money)"));
        }
        var times = records.Select(r => r.SelfAndDescendants.FirstOrDefault(e => e.Matches("time[datetime]"))?.GetAttribute("datetime")).ToList();
        if (!names.Contains("time") && !names.Contains("date") && times.Count(t => t is not null) >= half)
        {
            var withTime = times.Any(t => t is not null && t.Contains('T', StringComparison.Ordinal));
            fields.Add(new ProposedField(Unique(withTime ? "time" : "date", names), "string", withTime ? "date-time" : "date", times.FirstOrDefault(t => t is not null), "each item's time element"));
        }
        return [.. fields.Take(MaxFields)];
    }

    /// <summary>The type the values on the page have: every non-empty value a plain number → integer/number; money → string; dates, emails, links → formats.</summary>
    private static ProposedField Typed(string name, IReadOnlyList<string> values, string source, string label)
    {
        var seen = values.Where(v => v.Length > 0).ToList();
        var sample = seen.FirstOrDefault();
        if (seen.Count == 0)
        {
            return new ProposedField(name, "string", null, null, source);
        }
        var money = SchemaNotes.IsMoneyName(name) || label.Contains('$', StringComparison.Ordinal) || label.Contains('€', StringComparison.Ordinal) || label.Contains('£', StringComparison.Ordinal)
            || seen.Any(ValueParsers.LooksLikeMoney);
        if (money)
        {
            return new ProposedField(name, "string", null, sample, source + " (money)");
        }
        var identifier = name == "id" || name.EndsWith("_id", StringComparison.Ordinal) || seen.Any(v => v.Length > 1 && v[0] == '0' && char.IsDigit(v[1]));
        if (!identifier && seen.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            return new ProposedField(name, seen.All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)) ? "integer" : "number", null, sample, source);
        }
        if (seen.All(v => ValueParsers.FindEmail(v) == v))
        {
            return new ProposedField(name, "string", "email", sample, source);
        }
        if (seen.All(v => DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            return new ProposedField(name, "string", "date", sample, source);
        }
        if (seen.All(v => DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && v.Contains('T', StringComparison.Ordinal)))
        {
            return new ProposedField(name, "string", "date-time", sample, source);
        }
        return new ProposedField(name, "string", null, sample, source);
    }

    /// <summary>A header or label as a snake_case property: "Monthly spend ($)" → monthly_spend.</summary>
    public static string PropertyName(string label)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        foreach (var c in label.Normalize(System.Text.NormalizationForm.FormKD))
        {
            if (char.IsLetterOrDigit(c) && c < 128)
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }
        var name = string.Join('_', words.Take(5));
        return name.Length > 0 && char.IsDigit(name[0]) ? "f_" + name : name;
    }

    private static string Unique(string name, HashSet<string> names)
    {
        if (name.Length == 0)
        {
            return name;
        }
        var candidate = name;
        for (var i = 2; !names.Add(candidate); i++)
        {
            candidate = $"{name}_{i}";
        }
        return candidate;
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
