using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsDashboard.Core.Extraction;

/// <summary>How a CSV file is written.</summary>
/// <param name="IncludeBom">Start with a UTF-8 byte order mark, so Excel opens the file as UTF-8 (the default).</param>
/// <param name="Delimiter">The field separator; RFC 4180 uses a comma.</param>
public sealed record CsvOptions(bool IncludeBom = true, char Delimiter = ',')
{
    public static CsvOptions Default { get; } = new();
}

/// <summary>
/// Streams rows as RFC 4180 CSV: UTF-8 (with a BOM by default), CRLF line ends, a header row of
/// the columns, and fields quoted when they hold the delimiter, a quote (doubled) or a line break.
/// <para>Flattening rule. Columns come from the schema (<see cref="ColumnsFor"/>): properties in
/// schema order; a property that is an object with declared <c>properties</c> becomes one column
/// per nested property, named <c>parent.child</c> (recursively: <c>a.b.c</c>); every other
/// property is one column. A cell is read from the row by its column name: the exact key first,
/// then the dotted path through nested objects. An array becomes one cell, its items joined with
/// <c>"; "</c> (strings as they are, numbers and booleans in JSON form, objects and arrays as
/// compact JSON); an object in a single column is compact JSON; null or missing is an empty cell.
/// Numbers are written in invariant JSON form (<c>1299</c>, <c>19.99</c>).</para>
/// <para>Formula neutralising: a cell that begins with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab
/// or CR gets a single quote in front, so a spreadsheet shows it as text; cells written from JSON
/// numbers (<c>-5</c>) are numbers and are left alone.</para>
/// <para>Nothing is buffered beyond one row and the writer's buffer: the whole file is never a string.</para>
/// </summary>
public static class CsvExport
{
    private const int BufferSize = 64 * 1024;

    /// <summary>The CSV columns for a retrieve schema (an array of objects, or an object schema): nested object properties as dotted names, in property order.</summary>
    public static IReadOnlyList<string> ColumnsFor(JsonElement schema)
    {
        var columns = new List<string>();
        var items = SchemaModel.ItemsOf(schema, schema);
        AddColumns(schema, items, "", columns, 0);
        return columns;
    }

    private static void AddColumns(JsonElement root, JsonElement objectSchema, string prefix, List<string> columns, int depth)
    {
        if (objectSchema.ValueKind != JsonValueKind.Object || !objectSchema.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var p in props.EnumerateObject())
        {
            var name = prefix + p.Name;
            var schema = SchemaModel.Resolve(root, p.Value);
            if (depth < 16 && SchemaModel.TypeOf(schema) == FieldType.Object
                && schema.TryGetProperty("properties", out var nested) && nested.ValueKind == JsonValueKind.Object && nested.EnumerateObject().Any())
            {
                AddColumns(root, schema, name + ".", columns, depth + 1);
            }
            else
            {
                columns.Add(name);
            }
        }
    }

    public static Task WriteAsync(Stream output, IReadOnlyList<string> columns, IAsyncEnumerable<JsonObject> rows, CancellationToken ct) =>
        WriteAsync(output, columns, rows, CsvOptions.Default, ct);

    public static Task WriteAsync(Stream output, IReadOnlyList<string> columns, IEnumerable<JsonObject> rows, CancellationToken ct) =>
        WriteAsync(output, columns, rows, CsvOptions.Default, ct);

    public static Task WriteAsync(Stream output, IReadOnlyList<string> columns, IEnumerable<JsonObject> rows, CsvOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return WriteAsync(output, columns, ToAsync(rows, ct), options, ct);
    }

    public static async Task WriteAsync(Stream output, IReadOnlyList<string> columns, IAsyncEnumerable<JsonObject> rows, CsvOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), BufferSize, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            var line = new StringBuilder(256);
            if (options.IncludeBom)
            {
                line.Append('\uFEFF');
            }
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0)
                {
                    line.Append(options.Delimiter);
                }
                AppendField(line, columns[i], true, options.Delimiter);
            }
            line.Append("\r\n");
            await writer.WriteAsync(line, ct).ConfigureAwait(false);

            await foreach (var row in rows.WithCancellation(ct).ConfigureAwait(false))
            {
                line.Clear();
                for (var i = 0; i < columns.Count; i++)
                {
                    if (i > 0)
                    {
                        line.Append(options.Delimiter);
                    }
                    var value = row is null ? null : Find(row, columns[i]);
                    var isNumber = value is JsonValue v && v.GetValueKind() == JsonValueKind.Number;
                    AppendField(line, CellText(value), !isNumber, options.Delimiter);
                }
                line.Append("\r\n");
                await writer.WriteAsync(line, ct).ConfigureAwait(false);
            }
            await writer.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>The value for a column: the exact key, else the dotted path through nested objects (keys with dots included).</summary>
    public static JsonNode? Find(JsonObject row, string column)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(column);
        if (row.TryGetPropertyValue(column, out var direct))
        {
            return direct;
        }
        var dot = column.IndexOf('.', StringComparison.Ordinal);
        while (dot > 0)
        {
            if (row.TryGetPropertyValue(column[..dot], out var head) && head is JsonObject inner && Find(inner, column[(dot + 1)..]) is { } found)
            {
                return found;
            }
            dot = column.IndexOf('.', dot + 1);
        }
        return null;
    }

    /// <summary>The text of one cell before quoting, by the flattening rule above.</summary>
    public static string CellText(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return "";
            case JsonArray array:
                return string.Join("; ", array.Select(item => item switch
                {
                    null => "",
                    JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => scalar.GetValue<string>(),
                    _ => item.ToJsonString(),
                }));
            case JsonObject obj:
                return obj.ToJsonString();
            case JsonValue scalar:
                return scalar.GetValueKind() switch
                {
                    JsonValueKind.String => scalar.GetValue<string>(),
                    JsonValueKind.Null => "",
                    _ => scalar.ToJsonString(),
                };
            default:
                return value.ToJsonString();
        }
    }

    /// <summary>One field as it goes in the file: neutralised (when asked) and quoted when needed.</summary>
    public static string Escape(string text, bool neutralise = true, char delimiter = ',')
    {
        var sb = new StringBuilder(text.Length + 4);
        AppendField(sb, text, neutralise, delimiter);
        return sb.ToString();
    }

    private static void AppendField(StringBuilder sb, string text, bool neutralise, char delimiter)
    {
        var prefix = neutralise && text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        var quote = false;
        foreach (var c in text)
        {
            if (c == delimiter || c is '"' or '\r' or '\n')
            {
                quote = true;
                break;
            }
        }
        if (!quote)
        {
            if (prefix)
            {
                sb.Append('\'');
            }
            sb.Append(text);
            return;
        }
        sb.Append('"');
        if (prefix)
        {
            sb.Append('\'');
        }
        foreach (var c in text)
        {
            if (c == '"')
            {
                sb.Append('"');
            }
            sb.Append(c);
        }
        sb.Append('"');
    }

    private static async IAsyncEnumerable<JsonObject> ToAsync(IEnumerable<JsonObject> rows, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            yield return row;
        }
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
