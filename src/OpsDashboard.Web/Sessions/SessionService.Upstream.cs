using System.Diagnostics;
using OpsDashboard.Core.Engine;
using OpsDashboard.Core.Sessions;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Upstream;

namespace OpsDashboard.Web.Sessions;

/// <summary>
/// Sessions on a hosted upstream (the upstream engine): which engine a tenant's new session runs on, the URL
/// check per engine, and how an upstream's failure is recorded on the step and the session and answered to
/// the caller (its status kept: 402 verbatim, 502/503/504 naming the upstream). The forwarded retrieve is
/// <see cref="RetrieveService"/>'s.
/// </summary>
public sealed partial class SessionService
{
    private EngineRouter? Router { get; }

    /// <summary>The engine a new session of the tenant runs on: <c>local</c> or <c>upstream:{name}</c>.</summary>
    public string EngineFor(string tenantId) => Router?.EngineFor(tenantId) ?? EngineNames.Local;

    private string? UnavailableReasonFor(string engine) => Router is { } r ? r.UnavailableReasonFor(engine) : _engine.UnavailableReason;

    /// <summary>
    /// A URL for the engine to open. The local browser's URLs pass the URL policy (resolved, every address
    /// checked); an upstream opens them in its own network, so only the form (absolute http/https) is checked.
    /// </summary>
    internal async Task<string> CheckUrlForAsync(string engine, string url, CancellationToken ct)
    {
        if (engine == EngineNames.Local)
        {
            return await CheckUrlAsync(url, ct);
        }
        return Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.AbsoluteUri
            : throw ApiProblem.BadRequest($"The url '{url}' is not an absolute http(s) URL (e.g. https://example.com/).");
    }

    internal string EngineOf(LiveSession live) => Router?.UpstreamOf(live.Id)?.Options.EngineName ?? EngineNames.Local;

    internal static ApiProblem ProblemOf(EngineCallException ex) =>
        new(ex.StatusCode, ex.Error, ex.Message, ex.RetryAfter) { VerbatimBody = ex.VerbatimBody };

    /// <summary>
    /// A step (or the first page) the engine's backend failed: the step is recorded ERROR with the reason
    /// and the session's last error set; a session the upstream no longer has ends <c>expired</c>.
    /// Answers the problem the caller gets.
    /// </summary>
    internal async Task<ApiProblem> EngineCallFailedAsync(LiveSession live, RecordedStep step, Exception failure, long started, bool opening)
    {
        LeaseManager.Settle(live);
        var duration = Stopwatch.GetElapsedTime(started);
        if (failure is EngineSessionGoneException gone)
        {
            var reason = $"expired at the upstream: {gone.Message}";
            await _steps.FinishAsync(live, step, "ERROR", reason, live.Url, null, duration, reason, countAsStep: !opening, renewLease: false);
            _events.Publish(SessionEvents.StepFinished(live, step.Seq, step.Cmd, "ERROR", reason, live.Url, duration, withLease: false, failed: true));
            await EndAsync(live, opening ? SessionStatus.Failed : SessionStatus.Expired, reason);
            _metrics.Error("upstream");
            return ApiProblem.NotFound($"Session {live.Id} has {reason}. Its history stays readable under /api/sessions; start a new session with POST /v1/web/session.");
        }
        var ex = (EngineCallException)failure;
        var kind = ex.IsBilling ? "billing" : "upstream";
        await _steps.FinishAsync(live, step, "ERROR", ex.Message, live.Url, null, duration, ex.Message, countAsStep: !opening);
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
}
