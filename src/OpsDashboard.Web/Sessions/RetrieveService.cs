using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpsDashboard.Core.Agent;
using OpsDashboard.Core.Api;
using OpsDashboard.Core.Engine;
using OpsDashboard.Core.Extraction;
using OpsDashboard.Core.Sessions;
using OpsDashboard.Web.Diagnostics;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Upstream;

namespace OpsDashboard.Web.Sessions;

/// <summary>What a retrieve answers.</summary>
public sealed record RetrieveOutcome(string SessionId, string Status, string Message, string Url, string? ScreenshotId, IReadOnlyList<JsonObject> Data, long RetrievalId);

/// <summary>
/// Where a retrieve reads a session's page: <c>POST /v1/web/retrieve</c> and the dashboard's retrieve panel
/// (<see cref="RetrieveAsync"/>: the schema checked before anything opens, a session opened through
/// <see cref="SessionService"/> when given none, the page captured and extracted off the request thread, or read
/// as Markdown, <c>max_pages</c> followed with <see cref="RetrievePaging"/>, an upstream session's retrieve
/// forwarded), and the panel's Detect (<see cref="DetectSchemaAsync"/>). Each retrieve is recorded with the
/// session's lease renewed; the rows become CSV in the dashboard (Dashboard/RetrieveCsv).
/// </summary>
public sealed class RetrieveService(
    SessionService sessions, StepRecorder steps, LiveSessions liveSessions, ISessionStore store, ISessionEngine engine, LeaseManager leases, OpsEventBus events,
    OpsMetrics metrics, SecretRedactor redactor, TimeProvider clock, ILogger<RetrieveService> logger, EngineRouter? router = null)
{
    private readonly SessionService _sessions = sessions;
    private readonly StepRecorder _steps = steps;
    private readonly LiveSessions _live = liveSessions;
    private readonly ISessionStore _store = store;
    private readonly ISessionEngine _engine = engine;
    private readonly LeaseManager _leases = leases;
    private readonly OpsEventBus _events = events;
    private readonly OpsMetrics _metrics = metrics;
    private readonly SecretRedactor _redactor = redactor;
    private readonly TimeProvider _clock = clock;
    private readonly ILogger<RetrieveService> _logger = logger;

    private EngineRouter? Router { get; } = router;

    public async Task<RetrieveOutcome> RetrieveAsync(string tenantId, RetrieveRequest request, string baseUrl, CancellationToken ct)
    {
        // The schema is checked before any session is opened: a bad request changes nothing.
        if (request.Schema is { } given && RetrieveSchema.Check(given) is { Count: > 0 } schemaErrors)
        {
            _metrics.Error("validation");
            throw new RequestValidationException(schemaErrors);
        }
        var schema = request.Schema ?? (request.Fields is { Count: > 0 } f ? RetrieveSchema.FromFields(f) : RetrieveSchema.Default);
        string sessionId;
        if (request.SessionId is null)
        {
            var created = await _sessions.CreateAsync(tenantId, request.Url ?? _sessions.StartPage(baseUrl), null, null, false, SessionLabels.None, ct);
            sessionId = created.SessionId;
        }
        else
        {
            sessionId = request.SessionId;
        }
        using var turn = await _sessions.AcquireAsync(tenantId, sessionId, "Retrieve",
            $"Session {sessionId} is running a step. Retrieve reads the page once the step has answered: send it again then.", busyEvent: null, ct);
        var live = turn.Live;
        {
            SessionService.EnsureStillLive(live);
            using var scope = _logger.BeginScope(LogScope.Session(live.Id, live.TenantId));
            var started = Stopwatch.GetTimestamp();
            var startedAt = _clock.GetUtcNow();
            if (Router?.UpstreamOf(live.Id) is { } upstream)
            {
                return await RetrieveUpstreamAsync(live, upstream, request, schema, started, startedAt, ct);
            }
            if (request.SessionId is not null && request.Url is not null)
            {
                var target = await _sessions.CheckUrlAsync(request.Url, ct);
                if (!string.Equals(target, live.Url, StringComparison.Ordinal))
                {
                    live.Url = await _engine.NavigateAsync(live.Id, target, ct);
                }
            }
            PageSnapshot page;
            try
            {
                page = await _engine.CaptureAsync(live.Id, request.RenderJs, request.ScrollToBottom, request.FullPage, ct);
            }
            catch (EngineStepException ex)
            {
                _sessions.PublishError(live, "retrieve", ex.Message);
                throw ApiProblem.Unavailable($"The page of session {live.Id} could not be read: {ex.Message}");
            }
            var pageUri = new Uri(page.Url);
            IReadOnlyList<System.Text.Json.Nodes.JsonObject> rows;
            string message;
            System.Text.Json.Nodes.JsonArray? pagesRead = null;
            if (request.Format == "markdown")
            {
                message = await Task.Run(() => MarkdownConverter.ToMarkdown(page.Html, pageUri), ct);
                rows = [];
                if (request.MaxPages > 1)
                {
                    (message, page, pagesRead) = await ReadMoreMarkdownPagesAsync(live, request, page, message, ct);
                }
            }
            else
            {
                // The extractor is CPU-bound (HTML parse and scoring): keep it off the request thread.
                var result = await Task.Run(() => new Extractor().Extract(new ExtractionRequest(page.Html, pageUri, schema, null, request.MaxItems, Hint: request.Cmd)), ct);
                rows = result.Rows;
                message = result.Message + (page.Rendered || request.RenderJs ? "" : " (Read the server's HTML without running scripts; send render_js: true to read the page as displayed.)");
                if (request.MaxPages > 1)
                {
                    (rows, message, page, pagesRead) = await ReadMorePagesAsync(live, request, schema, page, result, message, ct);
                }
            }
            var (shot, retrievalId, duration) = await RecordAsync(live, request, schema, rows, page.Url, started, startedAt,
                new { Cmd = _redactor.RedactCommand(request.Cmd), request.Fields, request.Format, request.MaxItems, request.RenderJs, request.ScrollToBottom, request.FullPage, request.MaxPages, PagesRead = pagesRead });
            _logger.LogInformation("Session {SessionId} retrieve {RetrievalId}: {Rows} rows in {Ms} ms", live.Id, retrievalId, rows.Count, (int)duration.TotalMilliseconds);
            _events.Publish(SessionEvents.RetrieveFinished(live, StepStatus.Done,
                request.Format == "markdown" ? $"Read the page as Markdown ({message.Length} characters)." : message, page.Url, duration));
            return new RetrieveOutcome(live.Id, StepStatus.Done, message, page.Url, shot, rows, retrievalId);
        }
    }

    /// <summary>Retrieve on an upstream session: forwarded to the upstream's <c>POST /retrieve</c>, recorded like a local one.</summary>
    private async Task<RetrieveOutcome> RetrieveUpstreamAsync(LiveSession live, UpstreamEngine upstream, RetrieveRequest request, JsonElement schema,
        long started, DateTimeOffset startedAt, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["cmd"] = request.Cmd,
            ["format"] = request.Format,
            ["max_items"] = request.MaxItems,
            ["full_page"] = request.FullPage,
            ["render_js"] = request.RenderJs,
            ["scroll_to_bottom"] = request.ScrollToBottom,
        };
        if (request.Fields is { Count: > 0 } fields)
        {
            body["fields"] = new JsonArray(fields.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        }
        if (request.Schema is { } given)
        {
            body["schema"] = JsonNode.Parse(given.GetRawText());
        }
        if (request.SessionId is not null && request.Url is not null)
        {
            body["url"] = await _sessions.CheckUrlForAsync(_sessions.EngineOf(live), request.Url, ct);
        }
        UpstreamRetrieve answer;
        try
        {
            answer = await upstream.RetrieveAsync(live.Id, body, ct);
        }
        catch (EngineCallException ex)
        {
            _metrics.Error(ex.IsBilling ? "billing" : "upstream");
            _sessions.PublishError(live, ex.IsBilling ? "billing" : "retrieve", ex.Message);
            await _store.SetLastErrorAsync(live.Id, _redactor.Redact(ex.Message));
            throw SessionService.ProblemOf(ex);
        }
        catch (EngineSessionGoneException gone)
        {
            var reason = $"expired at the upstream: {gone.Message}";
            await _sessions.EndAsync(live, SessionStatus.Expired, reason);
            throw ApiProblem.NotFound($"Session {live.Id} has {reason}. Start a new session with POST /v1/web/session.");
        }
        var (shot, retrievalId, duration) = await RecordAsync(live, request, schema, answer.Data, answer.Url, started, startedAt,
            new { Cmd = _redactor.RedactCommand(request.Cmd), request.Fields, request.Format, request.MaxItems, request.RenderJs, request.ScrollToBottom, request.FullPage, Engine = _sessions.EngineOf(live) });
        // The hosted API has no max_pages: say so rather than answer one page as if it were all that was asked for.
        var message = request.MaxPages > 1
            ? answer.Message + $" (max_pages {request.MaxPages} is not followed on a session that runs on an upstream service: it read the current page only. Step to the next page with a cmd such as \"click Next\" and retrieve again.)"
            : answer.Message;
        _events.Publish(SessionEvents.RetrieveFinished(live, answer.Status, message, answer.Url, duration));
        return new RetrieveOutcome(live.Id, answer.Status, message, answer.Url, shot, answer.Data, retrievalId);
    }

    /// <summary>
    /// A retrieve's end, local or upstream: the screenshot when asked for, the lease renewed, the session's URL moved to the
    /// page read, and the retrieval recorded with <paramref name="requestRecord"/> (what was asked, as stored).
    /// </summary>
    private async Task<(string? Shot, long RetrievalId, TimeSpan Duration)> RecordAsync(LiveSession live, RetrieveRequest request, JsonElement schema,
        IReadOnlyList<JsonObject> rows, string url, long started, DateTimeOffset startedAt, object requestRecord)
    {
        var shot = request.IncludeScreenshot ? await _steps.ScreenshotAsync(live, null) : null;
        var now = _clock.GetUtcNow();
        var lease = _leases.Renew(live, now);
        lock (live)
        {
            live.Url = url;
        }
        var duration = Stopwatch.GetElapsedTime(started);
        var retrievalId = await _store.AddRetrievalAsync(new NewRetrieval(live.Id, live.TenantId, JsonSerializer.Serialize(requestRecord),
            schema.GetRawText(), JsonSerializer.Serialize(rows), rows.Count, _redactor.Redact(url), startedAt, duration, now), lease);
        return (shot, retrievalId, duration);
    }

    /// <summary>
    /// Follows the page's pagination for <c>max_pages</c> (<see cref="RetrievePaging"/>), each page read by <paramref name="read"/>;
    /// a page that cannot be reached answers 503; the URLs of the pages read come back redacted (they are stored and answered).
    /// </summary>
    private async Task<PagedRows> FollowPagesAsync(LiveSession live, RetrieveRequest request, PageSnapshot first, int maxItems,
        Func<PageSnapshot, CancellationToken, Task<IReadOnlyList<JsonObject>>> read, CancellationToken ct, Func<JsonObject, string>? dedupeKey = null)
    {
        PagedRows pages;
        try
        {
            pages = await RetrievePaging.ReadAsync(_engine, live.Id, first, request.MaxPages, maxItems, request.RenderJs, request.FullPage, read, ct, dedupeKey);
        }
        catch (EngineStepException ex)
        {
            _sessions.PublishError(live, "retrieve", ex.Message);
            throw ApiProblem.Unavailable($"Session {live.Id}: reading the next page failed: {ex.Message}");
        }
        return pages with { Pages = [.. pages.Pages.Select(p => p with { Url = _redactor.Redact(p.Url) })] };
    }

    // max_pages: the session's part (which engine, the extractor per page, redacted URLs in
    // what is stored and answered). How pages are followed and counted is RetrievePaging.
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
        var read = await FollowPagesAsync(live, request, first, request.MaxItems, ExtractAsync, ct);
        return (read.Rows, firstMessage + RetrievePaging.Describe(read), read.Last, RetrievePaging.ToJson(read));
    }

    /// <summary>
    /// <c>max_pages</c> with <c>format: "markdown"</c>: the pages are followed as for rows, each page read as Markdown,
    /// and what each page adds is appended, separated by a rule. A block (paragraph, heading, list item, table row)
    /// already read on an earlier page (a "Load more" page still shows the first batch) is not repeated; the same block
    /// twice on one page stays twice. The pages read end the text as an HTML comment (invisible when rendered) and are
    /// stored with the retrieval.
    /// </summary>
    private async Task<(string Markdown, PageSnapshot Last, JsonArray PagesRead)> ReadMoreMarkdownPagesAsync(
        LiveSession live, RetrieveRequest request, PageSnapshot first, string firstMarkdown, CancellationToken ct)
    {
        var pageNumber = 0;
        async Task<IReadOnlyList<JsonObject>> BlocksAsync(PageSnapshot page, CancellationToken token)
        {
            var markdown = pageNumber++ == 0 ? firstMarkdown : await Task.Run(() => MarkdownConverter.ToMarkdown(page.Html, new Uri(page.Url)), token);
            var seenHere = new Dictionary<string, int>(StringComparer.Ordinal);
            var blocks = new List<JsonObject>();
            foreach (var block in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
            {
                if (block.Trim().Length == 0)
                {
                    continue;
                }
                // The n-th occurrence of a line on its page: a repeat across pages is dropped, a repeat within one is kept.
                var n = seenHere[block] = seenHere.GetValueOrDefault(block) + 1;
                blocks.Add(new JsonObject { ["line"] = block, ["n"] = n, ["page"] = pageNumber });
            }
            return blocks;
        }
        var read = await FollowPagesAsync(live, request, first, int.MaxValue, BlocksAsync, ct,
            dedupeKey: row => row["line"]!.GetValue<string>() + "\u0000" + row["n"]!.GetValue<int>());
        var text = new System.Text.StringBuilder();
        var previousPage = 1;
        var previousLine = "";
        foreach (var row in read.Rows)
        {
            var onPage = row["page"]!.GetValue<int>();
            var line = row["line"]!.GetValue<string>();
            if (text.Length > 0)
            {
                // Lines of one list or table stay together; everything else is its own paragraph; a new page follows a rule.
                text.Append(onPage != previousPage ? "\n\n---\n\n" : IsListOrTableLine(line) && IsListOrTableLine(previousLine) ? "\n" : "\n\n");
            }
            text.Append(line);
            previousPage = onPage;
            previousLine = line;
        }
        var description = RetrievePaging.Describe(read, unit: "line").Trim().Replace("--", "- -", StringComparison.Ordinal);
        text.Append("\n\n<!-- ").Append(description).Append(" -->\n");
        return (text.ToString(), read.Last, RetrievePaging.ToJson(read));
    }

    private static bool IsListOrTableLine(string line)
    {
        var t = line.TrimStart();
        return t.StartsWith('|') || t.StartsWith("- ", StringComparison.Ordinal) || t.StartsWith("* ", StringComparison.Ordinal)
            || (t.Length > 2 && char.IsDigit(t[0]) && t.IndexOf(". ", StringComparison.Ordinal) is > 0 and < 5);
    }

    // "Detect" in the dashboard's retrieve panel: read the session's page once and propose a schema
    // from its best structure (SchemaDetector). Like retrieve it waits for no step: a busy session is 409.
    public async Task<SchemaProposal> DetectSchemaAsync(string tenantId, string sessionId, bool renderJs, CancellationToken ct)
    {
        var found = await _sessions.GetLiveAsync(tenantId, sessionId, ct);
        if (Router?.UpstreamOf(found.Id) is not null)
        {
            throw ApiProblem.BadRequest($"Detect reads the page in this gateway's browser; session {found.Id} runs on an upstream service. Write the schema by hand or start from a template.");
        }
        // The one "acquire or 409" (LiveSessions): refused while an operator holds control or a step runs.
        using var turn = await _live.AcquireAsync(found, "Detect",
            $"Session {sessionId} is running a step. Detect reads the page once the step has answered: try again then.");
        var live = turn.Live;
        SessionService.EnsureStillLive(live);
        PageSnapshot page;
        try
        {
            page = await _engine.CaptureAsync(live.Id, renderJs, false, true, ct);
        }
        catch (EngineStepException ex)
        {
            throw ApiProblem.Unavailable($"The page of session {live.Id} could not be read: {ex.Message}. Load it again (a step such as \"go to <the page's address>\") and detect again.");
        }
        return await Task.Run(() => SchemaDetector.Propose(page.Html, new Uri(page.Url)), ct);
    }
}
