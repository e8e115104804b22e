using System.Text.Json;
using OpsDashboard.Core.Extraction;

namespace OpsDashboard.Web.Dashboard;

/// <summary>The result of checking a retrieve schema as the operator types it.</summary>
public sealed record SchemaCheck(bool IsValid, IReadOnlyList<string> Errors, IReadOnlyList<string> Fields)
{
    /// <summary>How money properties will be answered (<see cref="SchemaNotes.MoneyNotes"/>): shown under a valid schema.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public static SchemaCheck Fail(params string[] errors) => new(false, errors, []);
}

/// <summary>
/// Retrieve schemas in the dashboard: starter templates, a schema built from field names, and the
/// check run as you type — JSON syntax (with line and column) and the shape the retrieve API takes:
/// an array of objects whose properties are strings, numbers, integers or booleans.
/// </summary>
public static class SchemaTools
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IReadOnlyDictionary<string, string> Templates { get; } = new Dictionary<string, string>
    {
        ["Product list"] = """
            {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "name": { "type": "string", "description": "the product's title" },
                  "price": { "type": "number", "description": "current price, as a number: $174.00 is answered as 174 (type string keeps the text and currency)" },
                  "url": { "type": "string", "format": "uri" },
                  "image": { "type": "string", "format": "uri" },
                  "rating": { "type": "number" }
                },
                "required": ["name"]
              }
            }
            """,
        ["Table rows"] = """
            {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "name": { "type": "string" },
                  "category": { "type": "string" },
                  "value": { "type": "number" },
                  "date": { "type": "string" }
                }
              }
            }
            """,
        ["Links"] = """
            {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "text": { "type": "string" },
                  "url": { "type": "string", "format": "uri" }
                },
                "required": ["url"]
              }
            }
            """,
    };

    /// <summary>The property name a typed field name stands for: "monthly spend" → monthly_spend.</summary>
    public static string PropertyName(string field) =>
        string.Join('_', field.Trim().ToLowerInvariant().Split([' ', '\t', '-'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// A schema with one property per name. Names are split on commas (and line breaks) only, so
    /// "monthly spend, signed up" is two fields; a name with spaces becomes a snake_case property.
    /// Money stays a string (the page's "174.00" and its currency kept) and says so in its description.
    /// </summary>
    public static string BuildFromFields(string names)
    {
        var fields = names.Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(PropertyName).Where(f => f.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var properties = new Dictionary<string, object>();
        foreach (var f in fields)
        {
            var words = f.Split('_');
            properties[f] = words.Any(w => w is "url" or "link" or "href" or "image" or "img" or "photo" or "thumbnail")
                ? new Dictionary<string, string> { ["type"] = "string", ["format"] = "uri" }
                : SchemaNotes.IsMoneyName(f)
                    ? new Dictionary<string, string> { ["type"] = "string", ["description"] = "money, kept as the page shows it (with its currency); change the type to number for a plain amount" }
                    : words.Any(w => w is "rating" or "count" or "stock" or "quantity" or "qty" or "stars" or "votes" or "score")
                        ? new Dictionary<string, string> { ["type"] = "number" }
                        : new Dictionary<string, string> { ["type"] = "string" };
        }
        var schema = new Dictionary<string, object>
        {
            ["type"] = "array",
            ["items"] = new Dictionary<string, object> { ["type"] = "object", ["properties"] = properties },
        };
        return JsonSerializer.Serialize(schema, Indented);
    }

    /// <summary>
    /// The check run as the operator types: JSON syntax here (with line and column), then exactly
    /// the rules the retrieve API applies (<see cref="RetrieveSchema.Check"/>), and the CSV columns
    /// the API would write (<see cref="CsvExport.ColumnsFor"/>).
    /// </summary>
    public static SchemaCheck Validate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return SchemaCheck.Fail("The schema is empty: pick a template or build one from field names.");
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $"line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1}: " : "";
            return SchemaCheck.Fail($"Not valid JSON at {where}{FirstSentence(ex.Message)}");
        }
        using (doc)
        {
            var problems = RetrieveSchema.Check(doc.RootElement);
            if (problems.Count > 0)
            {
                return new SchemaCheck(false, [.. problems.Select(p => p.Msg)], []);
            }
            return new SchemaCheck(true, [], CsvExport.ColumnsFor(doc.RootElement)) { Notes = SchemaNotes.MoneyNotes(doc.RootElement) };
        }
    }

    /// <summary>Columns for a result: the schema's property order, then any other keys the rows carry.</summary>
    public static IReadOnlyList<string> Columns(string? schemaJson, IEnumerable<IReadOnlyDictionary<string, object?>> rows)
    {
        var columns = new List<string>();
        if (!string.IsNullOrWhiteSpace(schemaJson))
        {
            try
            {
                using var doc = JsonDocument.Parse(schemaJson);
                columns.AddRange(CsvExport.ColumnsFor(doc.RootElement)); // the same columns the API's CSV has
            }
            catch (JsonException)
            {
                // No usable schema: the rows' own keys decide.
            }
        }
        foreach (var row in rows)
        {
            foreach (var key in row.Keys)
            {
                if (!columns.Contains(key))
                {
                    columns.Add(key);
                }
            }
        }
        return columns;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
