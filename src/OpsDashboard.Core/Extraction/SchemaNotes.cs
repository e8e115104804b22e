using System.Text.Json;

namespace OpsDashboard.Core.Extraction;

/// <summary>
/// What a schema will do to values a person might not expect, said before the retrieve runs: a
/// money property typed <c>number</c> answers "$174.00" as <c>174</c> (and the CSV has <c>174</c>);
/// typed <c>string</c> it keeps the page's text with its currency. Used by the dashboard's schema
/// check and its schema builder.
/// </summary>
public static class SchemaNotes
{
    private static readonly HashSet<string> MoneyWords = new(StringComparer.Ordinal)
    {
        "price", "cost", "amount", "spend", "total", "fee", "fees", "salary", "revenue", "mrr", "arr", "balance", "budget", "paid", "msrp", "subtotal", "charge", "wage",
    };

    // A name that ends in one of these says when, not how much: "paid_at", "charged_on", "paidDate".
    private static readonly HashSet<string> TimeEndings = new(StringComparer.Ordinal) { "at", "on", "date", "time", "when", "day", "timestamp" };

    /// <summary>
    /// Whether a property name stands for money: one of its snake_case/camelCase words is a money word
    /// ("monthly_spend", "unitPrice"), unless its last word makes it a time ("paid_at", "charged_on").
    /// </summary>
    public static bool IsMoneyName(string name)
    {
        var words = Words(name).ToList();
        return words.Any(MoneyWords.Contains) && !(words.Count > 1 && TimeEndings.Contains(words[^1]));
    }

    /// <summary>One note per money property of the items (nested objects as <c>parent.child</c>), saying how it will be answered.</summary>
    public static IReadOnlyList<string> MoneyNotes(JsonElement schema)
    {
        var notes = new List<string>();
        Walk(schema, SchemaModel.ItemsOf(schema, schema), "", notes, 0);
        return notes;
    }

    private static void Walk(JsonElement root, JsonElement objectSchema, string prefix, List<string> notes, int depth)
    {
        if (depth > 8 || objectSchema.ValueKind != JsonValueKind.Object || !objectSchema.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var p in props.EnumerateObject())
        {
            var schema = SchemaModel.Resolve(root, p.Value);
            var type = SchemaModel.TypeOf(schema);
            var name = prefix + p.Name;
            if (type == FieldType.Object)
            {
                Walk(root, schema, name + ".", notes, depth + 1);
                continue;
            }
            if (!IsMoneyName(p.Name))
            {
                continue;
            }
            if (type is FieldType.Number or FieldType.Integer)
            {
                notes.Add($"'{name}' is typed {(type == FieldType.Integer ? "integer" : "number")}: \"$174.00\" is answered as 174 (the CSV has 174, without the currency). Type it \"string\" to keep the page's text.");
            }
            else if (type == FieldType.String)
            {
                notes.Add($"'{name}' is typed string: money is kept as the page shows it (\"$174.00\", with its currency). Type it \"number\" for a plain amount (174).");
            }
        }
    }

    private static IEnumerable<string> Words(string name)
    {
        var word = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c) || (char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1])))
            {
                if (word.Length > 0)
                {
                    yield return word.ToString();
                    word.Clear();
                }
                if (!char.IsLetterOrDigit(c))
                {
                    continue;
                }
            }
            word.Append(char.ToLowerInvariant(c));
        }
        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }
}
