using System.Text.Json;

namespace OpsDashboard.Core.Extraction;

/// <summary>The JSON type an extracted value is parsed to.</summary>
internal enum FieldType
{
    String,
    Number,
    Integer,
    Boolean,
    Object,
    Array,
}

/// <summary>One property of the item schema, as the extractor uses it.</summary>
internal sealed class PropertySpec
{
    public required string Name { get; init; }

    public required FieldType Type { get; init; }

    public string? Format { get; init; }

    public string? Description { get; init; }

    public string? Selector { get; init; }

    public bool Required { get; init; }

    /// <summary>The schema allows null (<c>"type": ["number", "null"]</c>): a value the page does not show is null, not a wrong one.</summary>
    public bool Nullable { get; init; }

    public IReadOnlyList<string>? Enum { get; init; }

    /// <summary>Properties of a nested object (or of the objects in an array).</summary>
    public IReadOnlyList<PropertySpec> Children { get; init; } = [];

    /// <summary>For arrays: the item's type.</summary>
    public FieldType ItemType { get; init; } = FieldType.String;

    public List<string> NameTokens { get; init; } = [];

    public List<string> DescriptionTokens { get; init; } = [];
}

/// <summary>The item schema of a retrieve, read once into property specs (local <c>$ref</c>s followed).</summary>
internal sealed class SchemaModel
{
    private SchemaModel(JsonElement root, IReadOnlyList<PropertySpec> properties)
    {
        Root = root;
        Properties = properties;
    }

    public JsonElement Root { get; }

    public IReadOnlyList<PropertySpec> Properties { get; }

    public static SchemaModel Parse(JsonElement root)
    {
        var items = ItemsOf(root, root);
        return new SchemaModel(root, ReadProperties(root, items, 0));
    }

    /// <summary>The object schema of one item: <c>items</c> of an array schema (or the schema itself when it describes an object).</summary>
    public static JsonElement ItemsOf(JsonElement root, JsonElement schema)
    {
        schema = Resolve(root, schema);
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Object)
        {
            return Resolve(root, items);
        }
        return schema;
    }

    /// <summary>Follows a local <c>$ref</c> (<c>#/$defs/x</c>) a few times; anything else is returned as is.</summary>
    public static JsonElement Resolve(JsonElement root, JsonElement schema)
    {
        for (var i = 0; i < 8 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var r) && r.ValueKind == JsonValueKind.String; i++)
        {
            if (!TryPointer(root, r.GetString()!, out var target))
            {
                break;
            }
            schema = target;
        }
        return schema;
    }

    /// <summary>Follows a local JSON pointer reference (<c>#/$defs/x</c>, <c>#</c>) inside <paramref name="root"/>.</summary>
    public static bool TryPointer(JsonElement root, string reference, out JsonElement target)
    {
        target = root;
        if (reference == "#")
        {
            return true;
        }
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var raw in reference[2..].Split('/'))
        {
            var segment = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (target.ValueKind == JsonValueKind.Object && target.TryGetProperty(segment, out var next))
            {
                target = next;
            }
            else if (target.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index) && index >= 0 && index < target.GetArrayLength())
            {
                target = target[index];
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The declared types of a schema, without "null": a string, or the non-null members of an array.
    /// A schema with no <c>type</c> answers an empty list (read as a string).
    /// </summary>
    public static List<string> TypesOf(JsonElement schema)
    {
        var result = new List<string>();
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return result;
        }
        if (type.ValueKind == JsonValueKind.String)
        {
            result.Add(type.GetString()!);
        }
        else if (type.ValueKind == JsonValueKind.Array)
        {
            result.AddRange(type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!));
        }
        result.RemoveAll(t => t == "null");
        return result;
    }

    /// <summary>Whether <c>type</c> is "null" or names it among its members.</summary>
    public static bool AllowsNull(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("type", out var type)
        && (type.ValueKind == JsonValueKind.String ? type.GetString() == "null"
            : type.ValueKind == JsonValueKind.Array && type.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == "null"));

    public static FieldType TypeOf(JsonElement schema)
    {
        var types = TypesOf(schema);
        if (types.Count == 0 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out _))
        {
            return FieldType.Object;
        }
        return types.FirstOrDefault() switch
        {
            "number" => FieldType.Number,
            "integer" => FieldType.Integer,
            "boolean" => FieldType.Boolean,
            "object" => FieldType.Object,
            "array" => FieldType.Array,
            _ => FieldType.String,
        };
    }

    private static List<PropertySpec> ReadProperties(JsonElement root, JsonElement objectSchema, int depth)
    {
        var list = new List<PropertySpec>();
        if (depth > 10 || objectSchema.ValueKind != JsonValueKind.Object || !objectSchema.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
        {
            return list;
        }
        var required = new HashSet<string>(StringComparer.Ordinal);
        if (objectSchema.TryGetProperty("required", out var req) && req.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in req.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String))
            {
                required.Add(r.GetString()!);
            }
        }
        foreach (var p in props.EnumerateObject())
        {
            var schema = Resolve(root, p.Value);
            var type = TypeOf(schema);
            var itemType = FieldType.String;
            IReadOnlyList<PropertySpec> children = [];
            if (type == FieldType.Object)
            {
                children = ReadProperties(root, schema, depth + 1);
            }
            else if (type == FieldType.Array)
            {
                var items = schema.TryGetProperty("items", out var it) ? Resolve(root, it) : default;
                itemType = items.ValueKind == JsonValueKind.Object ? TypeOf(items) : FieldType.String;
                if (itemType == FieldType.Object)
                {
                    children = ReadProperties(root, items, depth + 1);
                }
            }
            var description = StringOf(schema, "description") ?? StringOf(schema, "title");
            list.Add(new PropertySpec
            {
                Name = p.Name,
                Type = type,
                ItemType = itemType,
                Format = StringOf(schema, "format"),
                Description = description,
                Selector = StringOf(schema, "x-selector"),
                Required = required.Contains(p.Name),
                Nullable = AllowsNull(schema),
                Enum = schema.TryGetProperty("enum", out var e) && e.ValueKind == JsonValueKind.Array
                    ? [.. e.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
                    : null,
                Children = children,
                NameTokens = Words.Tokens(p.Name),
                DescriptionTokens = Words.Tokens(description),
            });
        }
        return list;
    }

    private static string? StringOf(JsonElement schema, string name) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
