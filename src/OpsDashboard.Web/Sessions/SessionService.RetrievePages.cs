using System.Text.Json;
using System.Text.Json.Nodes;
using OpsDashboard.Core.Api;
using OpsDashboard.Core.Engine;
using OpsDashboard.Core.Extraction;

namespace OpsDashboard.Web.Sessions;

// Retrieve's max_pages: the session's part (which engine, the extractor per page, redacted URLs in
// what is stored and answered). How pages are followed and counted is RetrievePaging.
public sealed partial class SessionService
{
    private async Task<(IReadOnlyList<JsonObject> Rows, string Message, PageSnapshot Last, JsonArray PagesRead)> ReadMorePagesAsync(
        LiveSession live, RetrieveRequest request, JsonElement schema, PageSnapshot first, ExtractionResult firstResult, string firstMessage, CancellationToken ct)
    {
        var pageNumber = 0;
        async Task<IReadOnlyList<JsonObject>> ExtractAsync(PageSnapshot page, CancellationToken token)
        {
            if (pageNumber++ == 0)
            {
                return firstResult.Rows; // the first page is already read
            }
            var uri = new Uri(page.Url);
            var result = await Task.Run(() => new Extractor().Extract(new ExtractionRequest(page.Html, uri, schema, null, request.MaxItems, Hint: request.Cmd)), token);
            return result.Rows;
        }
        PagedRows read;
        try
        {
            read = await RetrievePaging.ReadAsync(_engine, live.Id, first, request.MaxPages, request.MaxItems, request.RenderJs, request.FullPage, ExtractAsync, ct);
        }
        catch (EngineStepException ex)
        {
            PublishError(live, "retrieve", ex.Message);
            throw ApiProblem.Unavailable($"Session {live.Id}: reading the next page failed: {ex.Message}");
        }
        read = read with { Pages = [.. read.Pages.Select(p => p with { Url = _redactor.Redact(p.Url) })] };
        return (read.Rows, firstMessage + RetrievePaging.Describe(read), read.Last, RetrievePaging.ToJson(read));
    }
}
