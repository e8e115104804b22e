using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpsDashboard.Core.Api;
using OpsDashboard.Core.Engine;
using OpsDashboard.Core.Sessions;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Upstream;

namespace OpsDashboard.Web.Sessions;

/// <summary>
/// Sessions on a hosted upstream (the upstream engine): which engine a tenant's new session runs on,
/// the forwarded retrieve, and how an upstream's failure is recorded on the step and the session and
/// answered to the caller (its status kept: 402 verbatim, 502/503/504 naming the upstream).
/// </summary>
public sealed partial class SessionService
{
    private EngineRouter? Router => _services.GetService<EngineRouter>();

    /// <summary>The engine a new session of the tenant runs on: <c>local</c> or <c>upstream:{name}</c>.</summary>
    public string EngineFor(string tenantId) => Router?.EngineFor(tenantId) ?? EngineNames.Local;

    private string? UnavailableReasonFor(string engine) => Router is { } r ? r.UnavailableReasonFor(engine) : _engine.UnavailableReason;

    /// <summary>
    /// A URL for the engine to open. The local browser's URLs pass the URL policy (resolved, every address
    /// checked); an upstream opens them in its own network, so only the form (absolute http/https) is checked.
    /// </summary>
    private async Task<string> CheckUrlForAsync(string engine, string url, CancellationToken ct)
    {
        if (engine == EngineNames.Local)
        {
            return await CheckUrlAsync(url, ct);
        }
        return Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.AbsoluteUri
            : throw ApiProblem.BadRequest($"The url '{url}' is not an absolute http(s) URL (e.g. https://example.com/).");
    }

    private string EngineOf(LiveSession live) => Router?.UpstreamOf(live.Id)?.Options.EngineName ?? EngineNames.Local;

    private static ApiProblem ProblemOf(EngineCallException ex) =>
        new(ex.StatusCode, ex.Error, ex.Message, ex.RetryAfter) { VerbatimBody = ex.VerbatimBody };

    /// <summary>
    /// A step (or the first page) the engine's backend failed: the step is recorded ERROR with the reason
    /// and the session's last error set; a session the upstream no longer has ends <c>expired</c>.
    /// Answers the problem the caller gets.
    /// </summary>
    private async Task<ApiProblem> EngineCallFailedAsync(LiveSession live, RecordedStep step, Exception failure, long started, bool opening)
    {
        LeaseManager.Settle(live);
        var duration = Stopwatch.GetElapsedTime(started);
        if (failure is EngineSessionGoneException gone)
        {
            var reason = $"expired at the upstream: {gone.Message}";
            await FinishStepAsync(live, step, "ERROR", reason, live.Url, null, duration, reason, countAsStep: !opening, renewLease: false);
            _events.Publish(SessionEvents.StepFinished(live, step.Seq, step.Cmd, "ERROR", reason, live.Url, duration, withLease: false, failed: true));
            await EndAsync(live, opening ? SessionStatus.Failed : SessionStatus.Expired, reason);
            _metrics.Error("upstream");
            return ApiProblem.NotFound($"Session {live.Id} has {reason}. Its history stays readable under /api/sessions; start a new session with POST /v1/web/session.");
        }
        var ex = (EngineCallException)failure;
        var kind = ex.IsBilling ? "billing" : "upstream";
        await FinishStepAsync(live, step, "ERROR", ex.Message, live.Url, null, duration, ex.Message, countAsStep: !opening);
        _metrics.Error(kind);
        PublishError(live, kind, ex.Message);
        if (opening)
        {
            await EndAsync(live, SessionStatus.Failed, $"the upstream did not open the session: {ex.Message}");
        }
        else
        {
            // The dashboard's timeline and grid leave "running"/"busy" only on StepFinished.
            _events.Publish(SessionEvents.StepFinished(live, step.Seq, step.Cmd, "ERROR", ex.Message, live.Url, duration, failed: true));
        }
        return ProblemOf(ex);
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
            body["url"] = await CheckUrlForAsync(EngineOf(live), request.Url, ct);
        }
        UpstreamRetrieve answer;
        try
        {
            answer = await upstream.RetrieveAsync(live.Id, body, ct);
        }
        catch (EngineCallException ex)
        {
            _metrics.Error(ex.IsBilling ? "billing" : "upstream");
            PublishError(live, ex.IsBilling ? "billing" : "retrieve", ex.Message);
            await _store.SetLastErrorAsync(live.Id, _redactor.Redact(ex.Message));
            throw ProblemOf(ex);
        }
        catch (EngineSessionGoneException gone)
        {
            var reason = $"expired at the upstream: {gone.Message}";
            await EndAsync(live, SessionStatus.Expired, reason);
            throw ApiProblem.NotFound($"Session {live.Id} has {reason}. Start a new session with POST /v1/web/session.");
        }
        var shot = request.IncludeScreenshot ? await TryScreenshotAsync(live, null) : null;
        var now = _clock.GetUtcNow();
        var lease = _leases.Renew(live, now);
        lock (live)
        {
            live.Url = answer.Url;
        }
        var duration = Stopwatch.GetElapsedTime(started);
        var retrievalId = await _store.AddRetrievalAsync(new NewRetrieval(live.Id, live.TenantId,
            JsonSerializer.Serialize(new { Cmd = _redactor.RedactCommand(request.Cmd), request.Fields, request.Format, request.MaxItems, request.RenderJs, request.ScrollToBottom, request.FullPage, Engine = EngineOf(live) }),
            schema.GetRawText(), JsonSerializer.Serialize(answer.Data), answer.Data.Count, _redactor.Redact(answer.Url), startedAt, duration, now), lease);
        _events.Publish(SessionEvents.RetrieveFinished(live, answer.Status, answer.Message, answer.Url, duration));
        return new RetrieveOutcome(live.Id, answer.Status, answer.Message, answer.Url, shot, answer.Data, retrievalId);
    }
}
