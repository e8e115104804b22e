using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpsDashboard.Core.Agent;
using OpsDashboard.Core.Api;
using OpsDashboard.Core.Engine;
using OpsDashboard.Core.Policy;
using OpsDashboard.Core.Sessions;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Diagnostics;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Profiles;
using OpsDashboard.Web.ScaleOut;
using OpsDashboard.Web.Upstream;

namespace OpsDashboard.Web.Sessions;

/// <summary>What a create, step or browse answers.</summary>
public sealed record StepOutcome(string SessionId, string Status, string Message, string Url, string? ScreenshotId, int StepCount, TimeSpan Duration);

/// <summary>
/// The session lifecycle: admission and create (the first page), close, renew, expire (the sweeper), fail,
/// the restart recovery, profiles and manual control, and the one lookup every door uses ("this tenant's live
/// session, or 404 saying how it ended"). A cmd runs in <see cref="StepRunner"/>, a retrieve in
/// <see cref="RetrieveService"/>; both open sessions and take a session's turn through here. Each concern has its
/// own home (docs/architecture-sessions.md): records <see cref="ISessionStore"/>, a step's record
/// <see cref="StepRecorder"/>, the live sessions and their "acquire or 409" <see cref="LiveSessions"/>, leases and
/// status moves <see cref="LeaseManager"/>, events <see cref="SessionEvents"/>. Thread-safe.
/// </summary>
public sealed partial class SessionService
{
    private readonly LiveSessions _live;
    private readonly ISessionStore _store;
    private readonly ISessionEngine _engine;
    private readonly TimeProvider _clock;
    private readonly OpsMetrics _metrics;
    private readonly ILogger<SessionService> _logger;
    private readonly OpsOptions _options;
    private readonly LeaseManager _leases;
    private readonly TenantQuota _quota;
    private readonly UrlPolicy _urlPolicy;
    private readonly SemaphoreSlim _admission = new(1, 1);
    private readonly OpsEventBus _events;
    private readonly NodeIdentity? _node;
    private readonly TenantSessionSlots? _slots;
    private readonly SecretRedactor _redactor;
    private readonly StepRecorder _steps;

    public SessionService(
        ISessionStore store, ISessionEngine engine, TimeProvider clock, OpsMetrics metrics, OpsEventBus events, IOptions<OpsOptions> options,
        ILogger<SessionService> logger, UrlPolicy urlPolicy, SecretRedactor redactor, LiveSessions live, LeaseManager leases, StepRecorder steps,
        ProfileStore profiles, SessionStateStore states, EngineRouter? router = null, NodeIdentity? node = null, TenantSessionSlots? slots = null)
    {
        _live = live;
        _leases = leases;
        _redactor = redactor;
        _events = events;
        Profiles = profiles;
        States = states;
        Router = router;
        _node = node;
        _slots = slots;
        _steps = steps;
        _store = store;
        _engine = engine;
        _clock = clock;
        _metrics = metrics;
        _logger = logger;
        _options = options.Value;
        _quota = _options.Quota();
        _urlPolicy = urlPolicy;
        _engine.SessionLost += lost => _ = FailAsync(lost.SessionId, lost.Reason);
        _metrics.ObserveActiveSessions(() => _live.Count);
    }

    public int LiveCount => _live.Count;

    public LeasePolicy Lease => _leases.Policy;

    /// <summary>The page a create or browse opens when given neither url nor session_id.</summary>
    public string StartPage(string baseUrl) =>
        string.IsNullOrWhiteSpace(_options.StartPage) ? baseUrl.TrimEnd('/') + "/practice/" : _options.StartPage;

    // RecoverAfterRestartAsync and the restore: SessionService.Restore.cs.

    /// <summary>The URL as it will be opened, its host resolved and every address checked; 400 naming the reason otherwise.</summary>
    public async Task<string> CheckUrlAsync(string url, CancellationToken ct)
    {
        var check = await _urlPolicy.CheckAsync(url, ct);
        return check.Uri is { } uri ? uri.AbsoluteUri : throw ApiProblem.BadRequest(check.Refusal!);
    }

    // ---------------------------------------------------------------- create

    public async Task<StepOutcome> CreateAsync(string tenantId, string url, int? width, int? height, bool includeScreenshot,
        SessionLabels labels, CancellationToken ct, ProfileRequest? profile = null)
    {
        var engineName = EngineFor(tenantId);
        var target = await CheckUrlForAsync(engineName, url, ct);
        if (UnavailableReasonFor(engineName) is { } why)
        {
            _metrics.Error("engine");
            throw ApiProblem.Unavailable($"The browser engine is not available: {why}", TimeSpan.FromSeconds(10));
        }
        var id = SessionId.New();
        var now = _clock.GetUtcNow();
        var lease = _leases.Start(now);
        var attached = await AttachProfileAsync(tenantId, id, profile, ct);
        var live = new LiveSession(id, tenantId, lease) { Profile = attached };

        // Admission is checked and the slot taken under one lock, so two racing creates cannot both take the last slot.
        await _admission.WaitAsync(ct);
        try
        {
            if (_live.Count >= _options.NodeCapacity)
            {
                _metrics.Error("capacity");
                throw ApiProblem.Unavailable(
                    $"This node is at capacity ({_options.NodeCapacity} live sessions). Retry later, or close sessions you no longer need.",
                    TimeSpan.FromSeconds(5));
            }
            // Sharing the database with other nodes, the tenant's sessions are counted there (ScaleOut/TenantSessionSlots).
            var tenantLive = _slots is { } slots
                ? await slots.CountAndTakeAsync(tenantId, id, _quota.MaxConcurrentSessions, ct)
                : _live.CountOf(tenantId);
            if (_quota.CheckNewSession(tenantLive) is { } quotaMessage)
            {
                _metrics.Error("quota");
                throw ApiProblem.Quota(quotaMessage);
            }
            _live.Add(live);
        }
        catch when (attached is not null)
        {
            await ReleaseProfileAsync(attached, id);
            throw;
        }
        finally
        {
            _admission.Release();
        }

        using var scope = _logger.BeginScope(LogScope.Session(id, tenantId));
        var w = width ?? _options.DefaultWidth;
        var h = height ?? _options.DefaultHeight;
        try
        {
            await _store.AddSessionAsync(new NewSession(id, tenantId, engineName, labels.Holder,
                labels.Metadata.Count > 0 ? JsonSerializer.Serialize(labels.Metadata) : null, lease, _redactor.Redact(target), w, h), now);
            await States.StartAsync(id, attached);
        }
        catch (Exception ex) when (DatabaseFault.Of(ex) is { } fault)
        {
            _live.Remove(id);
            await ReleaseProfileAsync(attached, id);
            _metrics.Error("database");
            throw fault.Problem("The session was not opened");
        }
        _logger.LogInformation("Session {SessionId} created for tenant {TenantId}, opening {Url}", id, tenantId, _redactor.Redact(target));
        _events.Publish(SessionEvents.SessionOpened(tenantId, id, labels.Holder, target, lease.LeaseExpiresAt));

        using var turn = await LiveSessions.AcquireAsync(live);
        try
        {
            StepPhases.Begin();
            var step = await _steps.BeginAsync(live, "create", $"open {target}", target);
            var started = Stopwatch.GetTimestamp();
            string status, message, finalUrl;
            string? error = null;
            try
            {
                finalUrl = await _engine.OpenAsync(id, new EngineOpenOptions(target, w, h, attached?.StateJson, engineName), ct);
                status = StepStatus.Done;
                message = $"Opened a new session on {finalUrl}." + ProfileSentence(attached);
            }
            catch (EngineUnavailableException ex)
            {
                await _steps.FinishAsync(live, step, "ERROR", ex.Message, target, null, Stopwatch.GetElapsedTime(started), ex.Message);
                await EndAsync(live, SessionStatus.Failed, "the browser engine was not available: " + ex.Message);
                _metrics.Error("engine");
                throw ApiProblem.Unavailable($"The browser engine is not available: {ex.Message}", TimeSpan.FromSeconds(10));
            }
            catch (Exception ex) when (ex is EngineCallException or EngineSessionGoneException)
            {
                throw await EngineCallFailedAsync(live, step, ex, started, opening: true);
            }
            catch (EngineStepException ex)
            {
                // The browser is open but the first page failed: the session lives on, the caller sees why.
                finalUrl = target;
                status = StepStatus.NotSure;
                message = ex.Message;
                error = ex.Message;
            }
            LeaseManager.Move(live, SessionStatus.Starting, SessionStatus.Idle);
            lock (live)
            {
                live.Url = finalUrl;
            }
            var shot = includeScreenshot ? await _steps.ScreenshotAsync(live, step.Id) : null;
            await _steps.FinishAsync(live, step, status, message, finalUrl, shot, Stopwatch.GetElapsedTime(started), error, countAsStep: false);
            _events.Publish(SessionEvents.SessionUpdated(live, message, finalUrl, warning: error is not null, screenshotId: shot, stepCount: 0));
            // The first page's thumbnail (unless the caller's screenshot is its picture) and saved state follow the answer.
            _steps.AfterAnswer(live, step, thumbnail: shot is null);
            return new StepOutcome(id, status, message, finalUrl, shot, live.StepCount, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception ex) when (DatabaseFault.Of(ex) is { } fault)
        {
            // Its first page cannot be recorded: the session ends (recorded once the database is back) and is not handed out.
            _metrics.Error("database");
            await EndAsync(live, SessionStatus.Failed, "the database could not record the session's first page: " + fault.Sentence);
            throw fault.Problem("The session was not opened");
        }
    }

    // ---------------------------------------------------------------- screenshot, close, list

    public async Task<string> ScreenshotNowAsync(string tenantId, string sessionId, CancellationToken ct)
    {
        var live = await GetLiveAsync(tenantId, sessionId, ct);
        return await _steps.ScreenshotAsync(live, null)
            ?? throw ApiProblem.Unavailable($"The screenshot of session {sessionId} could not be taken; the session is still open, try again.");
    }

    /// <summary>Latest stored screenshot of a session, live or ended (for history views).</summary>
    public Task<string?> LatestScreenshotAsync(string tenantId, string sessionId, CancellationToken ct) =>
        _store.LatestScreenshotAsync(tenantId, sessionId, ct);

    public async Task CloseAsync(string tenantId, string sessionId, string reason, CancellationToken ct)
    {
        var live = await GetLiveAsync(tenantId, sessionId, ct);
        if (!await EndAsync(live, SessionStatus.Closed, reason))
        {
            throw ApiProblem.NotFound($"Session {sessionId} already ended: {await EndReasonAsync(sessionId)}");
        }
    }

    public async Task<bool> RenewAsync(string tenantId, string sessionId, CancellationToken ct)
    {
        var live = await GetLiveAsync(tenantId, sessionId, ct);
        await _store.RenewAsync(live.Id, _leases.Renew(live, _clock.GetUtcNow()), ct);
        _events.Publish(SessionEvents.LeaseRenewed(live));
        return true;
    }

    public IReadOnlyList<string> ListLive(string tenantId) =>
        _live.All.Where(s => s.TenantId == tenantId && !s.Ending).OrderBy(s => s.Lease.CreatedAt).Select(s => s.Id).ToList();

    // ---------------------------------------------------------------- leases

    /// <summary>Ends every session whose lease ran out. Called by the sweeper; a busy session is checked after its step.</summary>
    public async Task<int> SweepAsync()
    {
        var now = _clock.GetUtcNow();
        var ended = 0;
        foreach (var live in _live.All)
        {
            var end = _leases.Due(live, now);
            if (end is null || LiveSessions.TryAcquire(live) is not { } turn)
            {
                continue;
            }
            using (turn)
            {
                if (await EndAsync(live, SessionStatus.Expired, end.Reason, end.At))
                {
                    ended++;
                }
            }
        }
        return ended;
    }

    private Task FailAsync(string sessionId, string reason) =>
        _live.TryGet(sessionId, out var live) ? EndAsync(live, SessionStatus.Failed, reason) : Task.CompletedTask;

    /// <summary>Ends a session once: releases its browser context and records status, time and reason.</summary>
    internal async Task<bool> EndAsync(LiveSession live, SessionStatus status, string reason, DateTimeOffset? at = null)
    {
        if (!LeaseManager.End(live, status))
        {
            return false;
        }
        // The last answer's thumbnail and saved state finish first (they skip what is left once Ending is set), so
        // nothing is saved for the session after its state is cleared below.
        await live.AfterAnswerSettled();
        await OnEndingAsync(live);
        var endedAt = at ?? _clock.GetUtcNow();
        try
        {
            // A database fault defers the record (DeferredWrites): the session still ends now.
            await _store.EndSessionAsync(live.Id, status, endedAt, reason);
        }
        finally
        {
            _live.Remove(live.Id);
            await _engine.CloseAsync(live.Id);
        }
        _metrics.SessionEnded(status.ToWire());
        _logger.LogInformation("Session {SessionId} ended {Status}: {Reason}", live.Id, status.ToWire(), reason);
        _events.Publish(SessionEvents.SessionEnded(live, status, reason));
        return true;
    }

    // ---------------------------------------------------------------- helpers

    internal void PublishError(LiveSession live, string kind, string message) => _events.Publish(SessionEvents.Error(live, kind, message));

    /// <summary>The session (404 when unknown or ended) and its turn (409 while a step runs or an operator holds control): see <see cref="LiveSessions.AcquireAsync(LiveSession, string, string, string?, bool)"/>.</summary>
    internal async Task<SessionTurn> AcquireAsync(string tenantId, string sessionId, string what, string busyMessage, string? busyEvent, CancellationToken ct,
        bool untilCaptured = true) =>
        await _live.AcquireAsync(await GetLiveAsync(tenantId, sessionId, ct), what, busyMessage, busyEvent, untilCaptured);

    internal async Task<LiveSession> GetLiveAsync(string tenantId, string sessionId, CancellationToken ct)
    {
        await WaitIfRestoringAsync(sessionId, ct);
        if (_live.TryGet(sessionId, out var live) && live.TenantId == tenantId && !live.Ending)
        {
            return live;
        }
        _metrics.Error("not_found");
        var record = await _store.FindAsync(sessionId, tenantId, ct);
        if (record is null)
        {
            throw ApiProblem.NotFound(
                $"No session '{sessionId}' exists for this API key. Create one with POST /v1/web/session, or list yours with GET /v1/web/sessions.");
        }
        throw ApiProblem.NotFound(EndedSentence(sessionId, record.Status, record.EndedAt, record.Reason));
    }

    private static string EndedSentence(string id, string status, DateTimeOffset? endedAt, string? reason) =>
        $"Session {id} is {status} since {endedAt:yyyy-MM-ddTHH:mm:ssZ} ({reason ?? "no reason recorded"}); " +
        "its history stays readable under /api/sessions, but it cannot take steps. Start a new session with POST /v1/web/session.";

    internal async Task<string> EndReasonAsync(string sessionId)
    {
        var r = await _store.FindAsync(sessionId, null, CancellationToken.None);
        return r is null ? "unknown" : $"{r.Status} at {r.EndedAt:yyyy-MM-ddTHH:mm:ssZ} ({r.Reason})";
    }

    internal static void EnsureStillLive(LiveSession live)
    {
        if (live.Ending)
        {
            throw ApiProblem.NotFound($"Session {live.Id} has just ended and cannot take steps.");
        }
    }

}
