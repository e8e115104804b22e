using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsDashboard.Core.Extraction;

/// <summary>What to extract from one page: the document, the schema (or field names), and limits.</summary>
/// <param name="Html">A full document: the server's HTML or the rendered DOM. Elements with <c>data-ops-hidden</c> are ignored.</param>
/// <param name="PageUrl">The page's address, used to make links and image sources absolute.</param>
/// <param name="Schema">A JSON Schema of an array of objects (see <see cref="RetrieveSchema"/>), or null.</param>
/// <param name="Fields">The short form: property names, all strings, none required. Used when <paramref name="Schema"/> is null.</param>
/// <param name="MaxItems">The most rows to return.</param>
/// <param name="IncludeSponsored">Keep records marked sponsored/ad/promoted.</param>
/// <param name="Hint">The retrieve's <c>cmd</c> text; "including sponsored", "the footer links" and the like are honoured.</param>
public sealed record ExtractionRequest(
    string Html,
    Uri PageUrl,
    JsonElement? Schema,
    IReadOnlyList<string>? Fields,
    int MaxItems,
    bool IncludeSponsored = false,
    string? Hint = null);

/// <summary>The rows found on a page and an account of how they were found.</summary>
/// <param name="Rows">The items, each valid against the schema, at most <c>MaxItems</c>.</param>
/// <param name="Found">Records in the chosen structure (sponsored ones left out unless asked for).</param>
/// <param name="Returned">Rows returned (<c>Rows.Count</c>).</param>
/// <param name="Dropped">Records left out because they failed the schema.</param>
/// <param name="Columns">The CSV header: the schema's properties in order, nested objects as <c>parent.child</c>.</param>
/// <param name="Message">One or two sentences for the caller: what was found where, what was left out and why.</param>
/// <param name="Structure">The chosen structure, e.g. "24 cards div.product-card in div.grid (main)".</param>
public sealed record ExtractionResult(
    IReadOnlyList<JsonObject> Rows,
    int Found,
    int Returned,
    int Dropped,
    IReadOnlyList<string> Columns,
    string Message,
    string Structure)
{
    /// <summary>Sponsored records left out (0 when they were asked for).</summary>
    public int SponsoredSkipped { get; init; }

    /// <summary>Why records were dropped: a reason ("'price' is required but missing") and how many had it.</summary>
    public IReadOnlyDictionary<string, int> DropReasons { get; init; } = new Dictionary<string, int>();

    /// <summary>The best-scoring structures considered, the chosen one first, with their scores: for a "why these rows" view.</summary>
    public IReadOnlyList<string> Alternatives { get; init; } = [];
}
