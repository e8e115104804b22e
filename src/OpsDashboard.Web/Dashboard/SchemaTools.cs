using System.Text.Json;

namespace OpsDashboard.Web.Dashboard;

/// <summary>The result of checking a retrieve schema as the operator types it.</summary>
public sealed record SchemaCheck(bool IsValid, IReadOnlyList<string> Errors, IReadOnlyList<string> Fields)
{
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
    private static readonly HashSet<string> ScalarTypes = ["string", "number", "integer", "boolean"];

    public static IReadOnlyDictionary<string, string> Templates { get; } = new Dictionary<string, string>
    {
        ["Product list"] = """
            {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "name": { "type": "string", "description": "the product's title" },
                  "price": { "type": "number", "description": "current price" },
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

    /// <summary>A schema with one string property per name (commas, spaces or new lines between names).</summary>
    public static string BuildFromFields(string names)
    {
        var fields = names.Split([',', ';', '\n', '\r', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        var properties = new Dictionary<string, object>();
        foreach (var f in fields)
        {
            var lower = f.ToLowerInvariant();
            properties[f] = lower is "url" or "link" or "href" or "image" or "img"
                ? new Dictionary<string, string> { ["type"] = "string", ["format"] = "uri" }
                : lower is "price" or "rating" or "amount" or "value" or "count" or "stock"
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
            var errors = new List<string>();
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return SchemaCheck.Fail("The schema should be a JSON object such as {\"type\": \"array\", \"items\": {…}}.");
            }
            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "array")
            {
                errors.Add("\"type\" should be \"array\": retrieve answers a list of items.");
            }
            if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Object)
            {
                errors.Add("\"items\" should be an object describing one item: {\"type\": \"object\", \"properties\": {…}}.");
                return new SchemaCheck(false, errors, []);
            }
            if (!items.TryGetProperty("type", out var itemType) || itemType.GetString() != "object")
            {
                errors.Add("\"items.type\" should be \"object\".");
            }
            var fields = new List<string>();
            if (!items.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
            {
                errors.Add("\"items.properties\" should be an object with one entry per field, e.g. {\"name\": {\"type\": \"string\"}}.");
            }
            else
            {
                foreach (var p in props.EnumerateObject())
                {
                    fields.Add(p.Name);
                    if (p.Value.ValueKind != JsonValueKind.Object)
                    {
                        errors.Add($"Property \"{p.Name}\" should be an object such as {{\"type\": \"string\"}}.");
                        continue;
                    }
                    if (p.Value.TryGetProperty("type", out var pt) && (pt.ValueKind != JsonValueKind.String || !ScalarTypes.Contains(pt.GetString()!)))
                    {
                        errors.Add($"Property \"{p.Name}\" has type {pt.GetRawText()}; use string, number, integer or boolean.");
                    }
                }
                if (fields.Count == 0)
                {
                    errors.Add("\"items.properties\" is empty: name at least one field.");
                }
            }
            if (items.TryGetProperty("required", out var required))
            {
                if (required.ValueKind != JsonValueKind.Array)
                {
                    errors.Add("\"items.required\" should be a list of property names.");
                }
                else
                {
                    foreach (var r in required.EnumerateArray())
                    {
                        if (r.ValueKind != JsonValueKind.String || !fields.Contains(r.GetString()!))
                        {
                            errors.Add($"\"required\" names {r.GetRawText()}, which is not one of the properties.");
                        }
                    }
                }
            }
            return new SchemaCheck(errors.Count == 0, errors, fields);
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
                var node = doc.RootElement;
                if (node.TryGetProperty("items", out var items))
                {
                    node = items;
                }
                if (node.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
                {
                    columns.AddRange(props.EnumerateObject().Select(p => p.Name));
                }
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
