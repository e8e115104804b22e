using System.Text.Json;
using AngleSharp.Css.Parser;
using Json.Schema;
using OpsDashboard.Core.Api;

namespace OpsDashboard.Core.Extraction;

/// <summary>Checks a retrieve's <c>schema</c> (422-style errors) and builds the schema that <c>fields</c> stands for.</summary>
public static class RetrieveSchema
{
    public const int MaxDepth = 8;
    public const int MaxProperties = 200;

    private const string Example = "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"},\"price\":{\"type\":\"number\"}},\"required\":[\"title\"]}}";

    private static readonly HashSet<string> SupportedTypes = new(StringComparer.Ordinal) { "string", "number", "integer", "boolean", "object", "array" };

    /// <summary>The schema used when a retrieve sends neither <c>schema</c> nor <c>fields</c>: title and url, both strings.</summary>
    public static JsonElement Default { get; } = FromFields(["title", "url"]);

    /// <summary>
    /// Every problem that keeps <paramref name="schema"/> from being used to extract rows; empty
    /// when it is fine. Each error's <c>loc</c> starts with <c>["body","schema"]</c> and goes on
    /// with the path to the keyword at fault.
    /// </summary>
    public static IReadOnlyList<ValidationError> Check(JsonElement schema)
    {
        var errors = new List<ValidationError>();
        if (schema.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error([], $"The schema must be a JSON Schema object describing an array of objects, got {Kind(schema)}. Send for example {Example}.", "schema_type"));
            return errors;
        }

        CheckAgainstMetaSchema(schema, errors);
        if (errors.Count > 0)
        {
            return errors;
        }
        CheckReferences(schema, schema, [], errors);
        if (errors.Count > 0)
        {
            return errors;
        }
        try
        {
            // References are resolved when first used: evaluate an empty item once to reach them.
            var built = JsonSchema.Build(schema, new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft202012 });
            using var probe = JsonDocument.Parse("[{}]");
            built.Evaluate(probe.RootElement);
        }
        catch (Exception ex) when (ex is JsonSchemaException or RefResolutionException or JsonException or ArgumentException or InvalidOperationException)
        {
            errors.Add(Error([], $"The schema is not usable JSON Schema: {ex.Message.TrimEnd('.')}. Only references inside the schema itself (\"#/$defs/…\") can be resolved; fix or remove the keyword at fault.", "schema_invalid"));
            return errors;
        }

        var types = SchemaModel.TypesOf(schema);
        if (types.Count != 1 || types[0] != "array")
        {
            var got = schema.TryGetProperty("type", out var t) ? $"\"type\": {t.GetRawText()}" : "no \"type\"";
            errors.Add(Error(["type"], $"The schema must describe an array of objects (one per item found), but it has {got}. Set \"type\": \"array\" and describe one item under \"items\", e.g. {Example}.", "schema_not_array"));
            return errors;
        }
        if (!schema.TryGetProperty("items", out var rawItems) || rawItems.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error(["items"], $"The array schema needs \"items\": an object schema with the fields of one item under \"properties\", e.g. {Example}.", "schema_items_missing"));
            return errors;
        }
        var items = SchemaModel.Resolve(schema, rawItems);
        var itemTypes = SchemaModel.TypesOf(items);
        var isObject = (itemTypes.Count == 1 && itemTypes[0] == "object") || (itemTypes.Count == 0 && items.TryGetProperty("properties", out _));
        if (!isObject)
        {
            var got = items.TryGetProperty("type", out var it) ? it.GetRawText() : "none";
            errors.Add(Error(["items", "type"], $"Each item must be an object with named fields: set items.type to \"object\" and list the fields in items.properties (got type {got}). For a plain list of texts ask for one string field, e.g. {{\"text\": {{\"type\": \"string\"}}}}.", "schema_items_not_object"));
            return errors;
        }
        if (!items.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object || !props.EnumerateObject().Any())
        {
            errors.Add(Error(["items", "properties"], $"items.properties is missing or empty: name at least one field to extract, e.g. {Example}.", "schema_no_properties"));
            return errors;
        }

        var count = 0;
        CheckObject(schema, items, ["items"], 2, errors, ref count);
        if (count > MaxProperties)
        {
            errors.Add(Error([], $"The schema has {count} properties (counting nested ones); at most {MaxProperties} are supported. Ask for fewer fields or split the retrieve in two.", "schema_too_many_properties"));
        }
        return errors;
    }

    /// <summary>The schema <c>fields</c> stands for: an array of objects whose properties are all strings, none required.</summary>
    public static JsonElement FromFields(IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "array");
            writer.WriteStartObject("items");
            writer.WriteString("type", "object");
            writer.WriteStartObject("properties");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var raw in fields)
            {
                var field = raw?.Trim();
                if (string.IsNullOrEmpty(field) || !seen.Add(field))
                {
                    continue;
                }
                writer.WriteStartObject(field);
                writer.WriteString("type", "string");
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(stream.ToArray());
        return document.RootElement.Clone();
    }

    private static void CheckAgainstMetaSchema(JsonElement schema, List<ValidationError> errors)
    {
        if (MetaSchemas.Draft202012.Evaluate(schema, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid)
        {
            return;
        }
        var results = MetaSchemas.Draft202012.Evaluate(schema, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        // Collect the failures of failed nodes only (a passing anyOf branch's noise is skipped),
        // one error per place in the schema.
        var byLocation = new Dictionary<string, List<(string Keyword, string Message)>>(StringComparer.Ordinal);
        var order = new List<string>();
        void Walk(EvaluationResults node)
        {
            if (node.IsValid)
            {
                return;
            }
            if (node.Errors is { Count: > 0 })
            {
                var location = node.InstanceLocation.ToString();
                if (!byLocation.TryGetValue(location, out var list))
                {
                    byLocation[location] = list = [];
                    order.Add(location);
                }
                foreach (var (keyword, message) in node.Errors)
                {
                    if (!list.Any(e => e.Message == message))
                    {
                        list.Add((keyword, message));
                    }
                }
            }
            foreach (var child in node.Details ?? [])
            {
                Walk(child);
            }
        }
        Walk(results);

        foreach (var location in order)
        {
            var segments = location.Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))
                .ToList();
            var value = Navigate(schema, segments);
            var shown = value is { } v ? Shorten(v.GetRawText()) : "";
            string msg;
            if (segments.Count > 0 && segments[^1] == "type")
            {
                msg = $"{shown} is not a JSON Schema type. Use one of \"string\", \"number\", \"integer\", \"boolean\", \"object\" or \"array\".";
            }
            else
            {
                var where = segments.Count == 0 ? "at the top level" : $"at {string.Join('.', segments)}";
                var what = string.Join("; ", byLocation[location].Select(e => e.Message.TrimEnd('.')));
                msg = $"The schema is not valid JSON Schema (draft 2020-12) {where}: {what}{(shown.Length > 0 ? $" (got {shown})" : "")}. Fix that keyword's value.";
            }
            errors.Add(Error(segments, msg, "schema_invalid"));
        }
        if (errors.Count == 0)
        {
            errors.Add(Error([], "The schema is not valid JSON Schema (draft 2020-12). Check it against the specification.", "schema_invalid"));
        }
    }

    /// <summary>Every <c>$ref</c> must point inside the schema: a JSON pointer that exists, an <c>$anchor</c>, or an embedded <c>$id</c>.</summary>
    private static void CheckReferences(JsonElement root, JsonElement node, List<string> path, List<ValidationError> errors)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in node.EnumerateArray())
            {
                CheckReferences(root, item, [.. path, (i++).ToString(System.Globalization.CultureInfo.InvariantCulture)], errors);
            }
            return;
        }
        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var p in node.EnumerateObject())
        {
            if (p.Name == "$ref" && p.Value.ValueKind == JsonValueKind.String && !Resolves(root, p.Value.GetString()!))
            {
                errors.Add(Error([.. path, "$ref"], $"\"$ref\": \"{p.Value.GetString()}\" does not point to anything inside the schema. Only references inside the schema itself can be followed: define the target under \"$defs\" and refer to it as \"#/$defs/name\".", "schema_ref_unresolved"));
            }
            else if (p.Name is not ("enum" or "const" or "examples" or "default"))
            {
                CheckReferences(root, p.Value, [.. path, p.Name], errors);
            }
        }
    }

    private static bool Resolves(JsonElement root, string reference)
    {
        if (reference == "#" || reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return SchemaModel.TryPointer(root, reference, out _);
        }
        var anchor = reference.StartsWith('#') ? reference[1..] : null;
        var id = reference.Split('#')[0];
        return Contains(root, anchor, id);
    }

    private static bool Contains(JsonElement node, string? anchor, string id)
    {
        if (node.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in node.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String
                    && ((anchor is not null && p.Name is "$anchor" or "$dynamicAnchor" && p.Value.GetString() == anchor)
                        || (anchor is null && id.Length > 0 && p.Name == "$id" && (p.Value.GetString() == id || p.Value.GetString()!.EndsWith("/" + id, StringComparison.Ordinal)))))
                {
                    return true;
                }
                if (Contains(p.Value, anchor, id))
                {
                    return true;
                }
            }
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            return node.EnumerateArray().Any(item => Contains(item, anchor, id));
        }
        return false;
    }

    private static void CheckObject(JsonElement root, JsonElement objectSchema, List<string> path, int level, List<ValidationError> errors, ref int count)
    {
        if (!objectSchema.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in props.EnumerateObject())
        {
            count++;
            names.Add(p.Name);
            List<string> here = [.. path, "properties", p.Name];
            CheckProperty(root, SchemaModel.Resolve(root, p.Value), p.Name, here, level + 1, errors, ref count);
        }
        if (objectSchema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in required.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!))
            {
                if (!names.Contains(r))
                {
                    errors.Add(Error([.. path, "required"], $"\"required\" names '{r}', which is not among the properties ({string.Join(", ", names.Select(n => $"'{n}'"))}). Add '{r}' to \"properties\" or remove it from \"required\".", "schema_required_unknown"));
                }
            }
        }
    }

    private static void CheckProperty(JsonElement root, JsonElement schema, string name, List<string> path, int level, List<ValidationError> errors, ref int count)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return; // true/false schemas: anything or nothing; read as text
        }
        if (schema.TryGetProperty("x-selector", out var selector))
        {
            if (selector.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(selector.GetString()))
            {
                errors.Add(Error([.. path, "x-selector"], $"x-selector of '{name}' must be a CSS selector string relative to one item, e.g. \".price\" or \"h2 > a\".", "schema_selector"));
            }
            else if (new CssSelectorParser().ParseSelector(selector.GetString()!) is null)
            {
                errors.Add(Error([.. path, "x-selector"], $"x-selector of '{name}' is not a valid CSS selector: {Shorten(selector.GetRawText())}. Use a selector relative to one item, e.g. \".price\" or \"h2 > a\".", "schema_selector"));
            }
        }
        var hasType = schema.TryGetProperty("type", out var typeValue);
        var types = SchemaModel.TypesOf(schema);
        if (hasType && types.Count == 0)
        {
            errors.Add(Error([.. path, "type"], $"'{name}' has type {typeValue.GetRawText()}, which the extractor cannot fill. Use one of \"string\", \"number\", \"integer\", \"boolean\", \"object\" or \"array\" (add \"null\" in a type list to allow a missing value).", "schema_unsupported_type"));
            return;
        }
        if (types.Count > 1)
        {
            errors.Add(Error([.. path, "type"], $"'{name}' has several types ({string.Join(", ", types)}); the extractor needs one to parse the text into. Pick one (\"null\" may be added beside it).", "schema_unsupported_type"));
            return;
        }
        var type = types.Count == 1 ? types[0] : (schema.TryGetProperty("properties", out _) ? "object" : "string");
        if (!SupportedTypes.Contains(type))
        {
            errors.Add(Error([.. path, "type"], $"'{name}' has type \"{type}\", which the extractor cannot fill. Use one of \"string\", \"number\", \"integer\", \"boolean\", \"object\" or \"array\".", "schema_unsupported_type"));
            return;
        }
        if (type is "object" or "array" && level > MaxDepth)
        {
            errors.Add(Error(path, $"The schema nests deeper than {MaxDepth} levels at '{name}' (level {level}). Flatten the nested objects and arrays, e.g. \"seller_name\" instead of \"seller\": {{\"name\": …}}.", "schema_too_deep"));
            return;
        }
        if (type == "object")
        {
            CheckObject(root, schema, path, level, errors, ref count);
        }
        else if (type == "array" && schema.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object)
        {
            CheckProperty(root, SchemaModel.Resolve(root, items), name + "[]", [.. path, "items"], level + 1, errors, ref count);
        }
    }

    private static ValidationError Error(IEnumerable<string> path, string msg, string type) => new(["body", "schema", .. path], msg, type);

    private static JsonElement? Navigate(JsonElement root, List<string> segments)
    {
        var current = root;
        foreach (var s in segments)
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(s, out var next))
            {
                current = next;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(s, out var i) && i >= 0 && i < current.GetArrayLength())
            {
                current = current[i];
            }
            else
            {
                return null;
            }
        }
        return current;
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "...";

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => "an array (send the schema object itself, not a list)",
        JsonValueKind.String => "a string (send the schema as a JSON object, not as text)",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
