using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
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
/// Streams rows as RFC 4180 CSV through CsvHelper: UTF-8 (with a BOM by default), CRLF line ends, a
/// header row of the columns, and fields quoted when they hold the delimiter, a quote (doubled) or a
/// line break.
/// <para>Flattening rule. Columns come from the schema (<see cref="ColumnsFor"/>): properties in
/// schema order; a property that is an object with declared <c>properties</c> becomes one column
/// per nested property, named <c>parent.child</c> (recursively: <c>a.b.c</c>); every other
/// property is one column. A cell is read from the row by its column name: the exact key first,
/// then the dotted path through nested objects. An array becomes one cell, its items joined with
/// <c>"; "</c> (strings as they are, numbers and booleans in JSON form, objects and arrays as
/// compact JSON); an object in a single column is compact JSON; null or missing is an empty cell.
/// Numbers are written in invariant JSON form (<c>1299</c>, <c>19.99</c>).</para>
/// <para>Formula neutralising (<see cref="IsPlainNumber"/>): a text cell that begins with <c>=</c>,
/// <c>+</c>, <c>-</c>, <c>@</c>, tab or CR is written with a single quote in front (and quoted), so a
/// spreadsheet shows it as text and never runs it (<c>=HYPERLINK(…)</c>, <c>-cmd|' /C calc'!A0</c>,
/// <c>@SUM(…)</c>). JSON numbers (<c>-5</c>) and text that is nothing but a signed number
/// (<c>-5</c>, <c>-3.2%</c>, <c>+1,234.50</c>, <c>-$12.00</c>) are left as they are: a spreadsheet
/// reads them as numbers, and no formula can be written with those characters alone.</para>
/// <para>Nothing is buffered beyond CsvHelper's 64 KiB buffer: the whole file is never a string.</para>
/// </summary>
public static partial class CsvExport
{
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
        var writer = CsvWriter.Create(output, WriterOptions(options), leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            var header = new string[columns.Count];
            for (var i = 0; i < header.Length; i++)
            {
                header[i] = columns[i];
            }
            // Column names come from the schema and are never neutralised into something else: written as fields, quoted when needed.
            foreach (var name in header)
            {
                writer.WriteField(name.AsSpan(), CsvQuoting.WhenNeeded);
            }
            await writer.EndRecordAsync(ct).ConfigureAwait(false);

            await foreach (var row in rows.WithCancellation(ct).ConfigureAwait(false))
            {
                for (var i = 0; i < header.Length; i++)
                {
                    WriteCell(writer, row is null ? null : Find(row, header[i]));
                }
                await writer.EndRecordAsync(ct).ConfigureAwait(false);
            }
            await writer.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    private static CsvWriterOptions WriterOptions(CsvOptions options) => CsvWriterOptions.Default with
    {
        Separator = options.Delimiter,
        WriteByteOrderMark = options.IncludeBom,
        NewLine = "\r\n",
        Injection = CsvInjection.Escape,
        InjectionEscape = '\'',
    };

    private static void WriteCell(CsvWriter writer, JsonNode? value)
    {
        if (value is JsonValue scalar)
        {
            switch (scalar.GetValueKind())
            {
                case JsonValueKind.Number:
                    // A JSON number is a number: its invariant JSON text, never neutralised.
                    var json = scalar.ToJsonString();
                    if (!json.StartsWith('-'))
                    {
                        writer.WriteField(json);
                    }
                    else if (!WriteAsNumber(writer, json))
                    {
                        writer.WriteField(double.Parse(json, NumberStyles.Float, CultureInfo.InvariantCulture), default); // -1.5E-07
                    }
                    return;
                case JsonValueKind.String:
                    var text = scalar.GetValue<string>();
                    if (text.Length == 0 || text[0] is not ('-' or '+') || !IsPlainNumber(text) || !WriteAsNumber(writer, text))
                    {
                        writer.WriteField(text); // CsvHelper neutralises it when it starts like a formula
                    }
                    return;
            }
        }
        writer.WriteField(CellText(value));
    }

    /// <summary>
    /// Writes a signed number as a number (CsvHelper leaves numbers alone), with exactly the text it
    /// had: the format is built from the text and the result compared with it, so "-3.2%" stays
    /// "-3.2%" and "-$1,234.50" stays "-$1,234.50". False (nothing written) when that cannot be done.
    /// </summary>
    private static bool WriteAsNumber(CsvWriter writer, string text)
    {
        var ci = CultureInfo.InvariantCulture;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, ci, out var whole) && whole.ToString(ci) == text)
        {
            writer.WriteField(whole, default);
            return true;
        }
        var body = text.AsSpan();
        var sign = body[0] is '+' or '-' ? body[0] : '\0';
        if (sign != '\0')
        {
            body = body[1..];
        }
        var currency = body.Length > 0 && body[0] is '$' or '€' or '£' or '¥' ? body[0] : '\0';
        if (currency != '\0')
        {
            body = body[1..];
        }
        var percent = body.EndsWith("%");
        if (percent)
        {
            body = body[..^1];
        }
        var grouped = body.Contains(',');
        var dot = body.IndexOf('.');
        var decimals = dot < 0 ? 0 : body.Length - dot - 1;
        if (!decimal.TryParse(body.ToString().Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, ci, out var amount))
        {
            return false;
        }
        if (sign == '-')
        {
            amount = -amount;
        }
        var format = new StringBuilder();
        if (sign == '+')
        {
            format.Append("'+'");
        }
        if (currency != '\0')
        {
            format.Append('\'').Append(currency).Append('\'');
        }
        format.Append(grouped ? "#,##0" : "0");
        if (decimals > 0)
        {
            format.Append('.').Append('0', decimals);
        }
        if (percent)
        {
            format.Append("'%'");
        }
        var f = format.ToString();
        if (amount.ToString(f, ci) != text)
        {
            return false;
        }
        writer.WriteField(amount, f, ci);
        return true;
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

    /// <summary>
    /// Whether a text cell is nothing but a signed number a spreadsheet reads as a number (and so is
    /// not neutralised): an optional sign, an optional currency symbol, digits (optionally grouped
    /// by commas in threes), an optional decimal part, an optional trailing <c>%</c>. "-5", "-3.2%",
    /// "+1,234.50" and "-$12.00" are numbers; "-2+3", "-cmd|…", "+1 555" and "=1" are not.
    /// </summary>
    public static bool IsPlainNumber(string text) => PlainNumber().IsMatch(text);

    [GeneratedRegex(@"^(?=[^0-9]*[0-9])[+-]?[$€£¥]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?%?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PlainNumber();

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
