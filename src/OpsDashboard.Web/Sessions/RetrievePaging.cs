using System.Text.Json.Nodes;
using OpsDashboard.Core.Engine;

namespace OpsDashboard.Web.Sessions;

/// <summary>One page a retrieve read: its number, URL, how it was reached and how many new rows it gave.</summary>
public sealed record PageRead(int Page, string Url, string How, int NewRows);

/// <summary>What a paged read gives: every row (first seen first), the pages read, why it stopped, and the last page's snapshot.</summary>
public sealed record PagedRows(IReadOnlyList<JsonObject> Rows, IReadOnlyList<PageRead> Pages, string Stopped, PageSnapshot Last);

/// <summary>
/// Retrieve's <c>max_pages</c> (a field beyond the MultiOn ones): the first page is read, then the
/// page's own pagination is followed in the same session (<see cref="ISessionEngine.NextPageAsync"/>:
/// Next, page numbers, Load more, infinite scroll) and each page read the same way, until
/// <c>max_items</c> rows, <c>max_pages</c> pages, no next page, or a page that adds no new row. Rows
/// seen on an earlier page (a "Load more" page still shows the first batch) are counted once.
/// After a click or a scroll the page is read as displayed (the server's HTML would not have the
/// added rows).
/// </summary>
public static class RetrievePaging
{
    public static async Task<PagedRows> ReadAsync(ISessionEngine engine, string sessionId, PageSnapshot first, int maxPages, int maxItems,
        bool renderJs, bool fullPage, Func<PageSnapshot, CancellationToken, Task<IReadOnlyList<JsonObject>>> extract, CancellationToken ct,
        Func<JsonObject, string>? dedupeKey = null)
    {
        dedupeKey ??= row => row.ToJsonString();
        var rows = new List<JsonObject>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pages = new List<PageRead>();
        var page = first;
        var how = "first page";
        var stopped = "";
        while (true)
        {
            var found = await extract(page, ct);
            var added = 0;
            foreach (var row in found)
            {
                if (rows.Count >= maxItems)
                {
                    break;
                }
                if (seen.Add(dedupeKey(row)))
                {
                    rows.Add(row);
                    added++;
                }
            }
            pages.Add(new PageRead(pages.Count + 1, page.Url, how, added));
            if (rows.Count >= maxItems)
            {
                stopped = $"max_items ({maxItems}) reached";
                break;
            }
            if (pages.Count > 1 && added == 0)
            {
                stopped = "the last page read added no new rows";
                break;
            }
            if (pages.Count >= maxPages)
            {
                stopped = $"max_pages ({maxPages}) reached";
                break;
            }
            var next = await engine.NextPageAsync(sessionId, ct);
            if (next is null)
            {
                stopped = "the page shows no further page";
                break;
            }
            how = next.Kind switch
            {
                "scroll" => "scrolled to the end",
                "page number" => $"the {next.Label} link",
                _ => $"'{next.Label}' ({next.Kind})",
            };
            page = await engine.CaptureAsync(sessionId, renderJs || next.Clicked, false, fullPage, ct);
        }
        return new PagedRows(rows, pages, stopped, page);
    }

    /// <summary>The sentence <c>message</c> ends with (rows; a Markdown read ends with it as a comment): the pages read and why reading stopped.</summary>
    public static string Describe(PagedRows read, string unit = "row")
    {
        var list = string.Join("; ", read.Pages.Select(p => $"{p.Page}. {p.Url} ({p.How}, {p.NewRows} new {(p.NewRows == 1 ? unit : unit + "s")})"));
        var stopped = unit == "row" ? read.Stopped : read.Stopped.Replace("no new rows", $"no new {unit}s", StringComparison.Ordinal);
        return $" Read {read.Pages.Count} {(read.Pages.Count == 1 ? "page" : "pages")}, {read.Rows.Count} {(read.Rows.Count == 1 ? unit : unit + "s")} in all: {list}. Stopped: {stopped}.";
    }

    /// <summary>The pages read, as stored with the retrieval (in its request record, <c>pages_read</c>).</summary>
    public static JsonArray ToJson(PagedRows read) => new([.. read.Pages.Select(p => (JsonNode)new JsonObject
    {
        ["page"] = p.Page,
        ["url"] = p.Url,
        ["how"] = p.How,
        ["new_rows"] = p.NewRows,
    })]);
}
