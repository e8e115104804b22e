using System.Text.Json;

namespace OpsDashboard.Core.Api;

/// <summary>One problem with a request body, in the shape of the contract's 422 <c>detail[]</c>.</summary>
public sealed record ValidationError(IReadOnlyList<string> Loc, string Msg, string Type);

/// <summary>Thrown when a body cannot be turned into a request; carries every problem found.</summary>
public sealed class RequestValidationException(IReadOnlyList<ValidationError> errors)
    : Exception(string.Join("; ", errors.Select(e => $"{string.Join('.', e.Loc)}: {e.Msg}")))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}

/// <summary>
/// Reads fields from a JSON body the way the wire contract wants: snake_case names with their
/// camelCase twins accepted, unknown fields ignored, <c>null</c> treated as absent, and every
/// type problem collected (not just the first) so a 422 can name them all.
/// </summary>
public sealed class RequestReader
{
    private readonly JsonElement _root;
    private readonly List<ValidationError> _errors = [];
    private readonly string[] _path;

    private RequestReader(JsonElement root, string[] path)
    {
        _root = root;
        _path = path;
    }

    /// <summary>Starts reading a body; a body that is not a JSON object is reported at once.</summary>
    public static RequestReader ForBody(JsonElement root)
    {
        var reader = new RequestReader(root, ["body"]);
        if (root.ValueKind != JsonValueKind.Object)
        {
            reader._errors.Add(new ValidationError(["body"], "The request body must be a JSON object, e.g. {\"cmd\": \"...\"}.", "model_attributes_type"));
        }
        return reader;
    }

    public IReadOnlyList<ValidationError> Errors => _errors;

    /// <summary>Throws <see cref="RequestValidationException"/> when anything was wrong.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new RequestValidationException(_errors);
        }
    }

    public void AddError(string field, string msg, string type) => _errors.Add(new ValidationError([.. _path, field], msg, type));

    /// <summary>camelCase twin of a snake_case name: <c>include_screenshot</c> → <c>includeScreenshot</c>.</summary>
    public static string CamelCase(string snake)
    {
        var parts = snake.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }

    public bool TryGet(string name, out JsonElement value)
    {
        value = default;
        if (_root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        if (_root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }
        var camel = CamelCase(name);
        return camel != name && _root.TryGetProperty(camel, out value) && value.ValueKind != JsonValueKind.Null;
    }

    public string? String(string name, bool required = false, int maxLength = 0)
    {
        if (!TryGet(name, out var v))
        {
            // A body that is not an object was already reported once; do not add a "missing" per field.
            if (required && _root.ValueKind == JsonValueKind.Object)
            {
                AddError(name, $"Field required: send \"{name}\" as a string.", "missing");
            }
            return null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            AddError(name, $"Input should be a valid string, got {Describe(v)}.", "string_type");
            return null;
        }
        var s = v.GetString()!;
        if (maxLength > 0 && s.Length > maxLength)
        {
            AddError(name, $"String should have at most {maxLength} characters, got {s.Length}.", "string_too_long");
            return null;
        }
        return s;
    }

    public bool? Bool(string name)
    {
        if (!TryGet(name, out var v))
        {
            return null;
        }
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetBoolean();
        }
        AddError(name, $"Input should be a valid boolean (true or false), got {Describe(v)}.", "bool_type");
        return null;
    }

    public int? Int(string name, int min, int max)
    {
        if (!TryGet(name, out var v))
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n))
        {
            AddError(name, $"Input should be a valid integer, got {Describe(v)}.", "int_type");
            return null;
        }
        if (n < min || n > max)
        {
            AddError(name, $"Input should be between {min} and {max}, got {n}.", n < min ? "greater_than_equal" : "less_than_equal");
            return null;
        }
        return (int)n;
    }

    public double? Number(string name, double min, double max)
    {
        if (!TryGet(name, out var v))
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.Number)
        {
            AddError(name, $"Input should be a valid number, got {Describe(v)}.", "float_type");
            return null;
        }
        var d = v.GetDouble();
        if (d < min || d > max)
        {
            AddError(name, $"Input should be between {min} and {max}, got {d}.", d < min ? "greater_than_equal" : "less_than_equal");
            return null;
        }
        return d;
    }

    public IReadOnlyList<string>? StringList(string name, int maxItems)
    {
        if (!TryGet(name, out var v))
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.Array)
        {
            AddError(name, $"Input should be a valid list of strings, got {Describe(v)}.", "list_type");
            return null;
        }
        var list = new List<string>();
        var i = 0;
        var ok = true;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                _errors.Add(new ValidationError([.. _path, name, i.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                    $"Each entry of \"{name}\" should be a non-empty string, got {Describe(item)}.", "string_type"));
                ok = false;
            }
            else
            {
                list.Add(item.GetString()!);
            }
            i++;
        }
        if (list.Count > maxItems)
        {
            AddError(name, $"List should have at most {maxItems} entries, got {list.Count}.", "too_long");
            return null;
        }
        return ok ? list : null;
    }

    /// <summary>A nested object, read with its own reader whose errors land in this one.</summary>
    public RequestReader? Object(string name)
    {
        if (!TryGet(name, out var v))
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.Object)
        {
            AddError(name, $"Input should be a valid object, got {Describe(v)}.", "dict_type");
            return null;
        }
        return new RequestReader(v, [.. _path, name]) { };
    }

    /// <summary>Moves a nested reader's errors into this one.</summary>
    public void Absorb(RequestReader? nested)
    {
        if (nested is not null)
        {
            _errors.AddRange(nested._errors);
        }
    }

    public JsonElement? Raw(string name) => TryGet(name, out var v) ? v.Clone() : null;

    private static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {v.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {v.GetRawText()}",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => v.ValueKind.ToString().ToLowerInvariant(),
    };
}
