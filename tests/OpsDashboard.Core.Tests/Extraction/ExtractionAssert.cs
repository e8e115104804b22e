using System.Text.Json;
using System.Text.Json.Nodes;
using OpsDashboard.Core.Extraction;

namespace OpsDashboard.Core.Tests.Extraction;

internal static class ExtractionAssert
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonElement Schema(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static ExtractionResult Extract(string html, string? schema = null, int maxItems = 100, IReadOnlyList<string>? fields = null, bool includeSponsored = false, string? hint = null, string url = "https://shop.example/backpacks?sort=popular") =>
        new Extractor().Extract(new ExtractionRequest(html, new Uri(url), schema is null ? null : Schema(schema), fields, maxItems, includeSponsored, hint));

    /// <summary>The rows, field by field and in order, as JSON text (so a failure shows both sides).</summary>
    public static void Rows(string expected, IReadOnlyList<JsonObject> actual)
    {
        var want = JsonNode.Parse(expected)!.ToJsonString(Indented);
        var got = new JsonArray([.. actual.Select(r => r.DeepClone())]).ToJsonString(Indented);
        Assert.Equal(want, got);
    }

    /// <summary>Precision and recall of the items found, keyed by one field: both must be 1.</summary>
    public static void PrecisionAndRecall(IEnumerable<string> expectedKeys, IReadOnlyList<JsonObject> rows, string keyField)
    {
        var expected = expectedKeys.ToHashSet(StringComparer.Ordinal);
        var actual = rows.Select(r => r[keyField]?.GetValue<string>() ?? "").ToList();
        var truePositives = actual.Count(expected.Contains);
        var precision = actual.Count == 0 ? 0 : (double)truePositives / actual.Count;
        var recall = expected.Count == 0 ? 1 : (double)actual.Distinct().Count(expected.Contains) / expected.Count;
        Assert.True(precision == 1.0 && recall == 1.0, $"precision {precision:0.00}, recall {recall:0.00}; got [{string.Join(", ", actual)}]");
    }
}
