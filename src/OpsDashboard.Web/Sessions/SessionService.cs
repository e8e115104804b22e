using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsDashboard.Core.Agent;
using OpsDashboard.Core.Api;
using OpsDashboard.Core.Engine;
using OpsDashboard.Core.Extraction;
using OpsDashboard.Core.Policy;
using OpsDashboard.Core.Sessions;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Diagnostics;
using OpsDashboard.Web.Events;

namespace OpsDashboard.Web.Sessions;

/// <summary>What a create, step or browse answers.</summary>
public sealed record StepOutcome(string SessionId, string Status, string Message, string Url, string? ScreenshotId, int StepCount, TimeSpan Duration);

/// <summary>What a retrieve answers.</summary>
public sealed record RetrieveOutcome(string SessionId, string Status, string Message, string Url, string? ScreenshotId, IReadOnlyList<System.Text.Json.Nodes.JsonObject> Data, long RetrievalId);

/// <summary>
/// The door to the session lifecycle: create, step, browse, retrieve, close, expire, fail. The REST API,
/// the dashboard and the hub all come through here, so every door writes the same ordered history. A
/// step's record is written before its answer is returned. This class orchestrates; each concern has its
/// own home (docs/architecture-sessions.md): records <see cref="ISessionStore"/>, the live sessions and
/// their "acquire or 409" <see cref="LiveSessions"/>, leases and status moves <see cref="LeaseManager"/>,
/// events <see cref="SessionEvents"/>. Thread-safe; a second step while one runs is refused (409), not queued.
/// </summary>
public sealed partial class SessionService
{
    private readonly LiveSessions _live;
    private readonly ISessionStore _store;
    /// <summary>Only for restart recovery (SessionService.Restore.cs); every other record goes through <see cref="_store"/>.</summary>
    private readonly IDbContextFactory<OpsDbContext> _dbFactory;
    private readonly ISessionEngine _engine;
    private readonly ScreenshotStore _screenshots;
    private readonly TimeProvider _clock;
    private readonly OpsMetrics _metrics;
    private readonly ILogger<SessionService> _logger;
    private readonly OpsOptions _options;
    private readonly LeaseManager _leases;
    private readonly TenantQuota _quota;
    private readonly UrlPolicy _urlPolicy;
    private readonly SemaphoreSlim _admission = new(1, 1);
    private readonly OpsEventBus _events;
    private readonly IServiceProvider _services;
    private readonly SecretRedactor _redactor;
    private readonly DeferredWrites _deferred;

    public SessionService(
        ISessionStore store, IDbContextFactory<OpsDbContext> dbFactory, ISessionEngine engine, ScreenshotStore screenshots, TimeProvider clock,
        OpsMetrics metrics, OpsEventBus events, IOptions<OpsOptions> options, ILogger<SessionService> logger, IServiceProvider services,
        UrlPolicy urlPolicy, SecretRedactor redactor, LiveSessions live, LeaseManager leases)
    {
        _live = live;
        _leases = leases;
        _redactor = redactor;
        _events = events;
        _services = services;
        _deferred = services.GetRequiredService<DeferredWrites>();
        _store = store;
        _dbFactory = dbFactory;
        _engine = engine;
        _screenshots = screenshots;
        _clock = clock;
        _metrics = metrics;
        _logger = logger;
        _options = options.Value;
        _quota = new TenantQuota(_options.MaxConcurrentSessionsPerTenant, _options.MaxStepsPerPeriod, _options.QuotaPeriod);
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
            var tenantLive = _services.GetService<OpsDashboard.Web.ScaleOut.TenantSessionSlots>() is { } slots
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
            var step = await BeginStepAsync(live, "create", $"open {target}", target);
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
                await FinishStepAsync(live, step, "ERROR", ex.Message, target, null, Stopwatch.GetElapsedTime(started), ex.Message);
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
            var shot = includeScreenshot ? await TryScreenshotAsync(live, step.Id) : null;
            var picture = shot ?? await TryThumbnailAsync(live, step.Id);
            await FinishStepAsync(live, step, status, message, finalUrl, picture, Stopwatch.GetElapsedTime(started), error, countAsStep: false);
            _events.Publish(SessionEvents.SessionUpdated(live, message, finalUrl, warning: error is not null, screenshotId: picture, stepCount: 0));
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

    // ---------------------------------------------------------------- step

    /// <summary>Runs one <c>cmd</c> on a session. <paramref name="progress"/> hears each action as it completes.</summary>
    public async Task<StepOutcome> StepAsync(string tenantId, string sessionId, StepRequest request, Action<string, string>? progress, CancellationToken ct)
    {
        using var turn = await AcquireAsync(tenantId, sessionId, "Send this cmd",
            $"Session {sessionId} is still running a previous step. Steps of one session run one at a time: wait for the previous answer, then send this cmd again.",
            busyEvent: "A step was refused (409): the previous step of this session was still running.", ct);
        // A caller that hears progress (stream: true, the dashboard console) gets an upstream's events as they come.
        using var streamed = EngineCall.Stream(EngineCall.Streamed || progress is not null);
        return await RunStepLockedAsync(turn.Live, "step", request.Cmd, request.Url, request.BrowserParams, request.IncludeScreenshot, progress, ct, request.AgentId);
    }

    private async Task<StepOutcome> RunStepLockedAsync(LiveSession live, string kind, string cmd, string? url, BrowserParams? size,
        bool includeScreenshot, Action<string, string>? progress, CancellationToken ct, string? agentId = null)
    {
        var useLlm = UsesLlm(agentId);
        StepPhases.Begin();
        using var scope = _logger.BeginScope(LogScope.Session(live.Id, live.TenantId));
        EnsureStillLive(live);
        if (string.IsNullOrWhiteSpace(cmd))
        {
            throw new RequestValidationException([new ValidationError(["body", "cmd"], "The cmd is empty: say what the agent should do, e.g. click \"Sign in\".", "value_error")]);
        }
        string? target = url is null ? null : await CheckUrlForAsync(EngineOf(live), url, ct);

        LeaseManager.Move(live, SessionStatus.Idle, SessionStatus.Busy);
        // What the step leaves behind shows the cmd with secrets masked (SecretRedactor); the agent gets it as sent.
        // While it runs, every typed value is masked: which fields are password inputs is known only afterwards.
        var shownCmd = _redactor.RedactCommandBeforeRun(cmd);
        RecordedStep step;
        try
        {
            // Records deferred by an earlier database fault are written first, so this one cannot overtake them.
            await _deferred.FlushAsync(CancellationToken.None);
            step = await BeginStepAsync(live, kind, shownCmd, live.Url);
        }
        catch (Exception ex) when (DatabaseFault.Of(ex) is { } fault)
        {
            LeaseManager.Move(live, SessionStatus.Busy, SessionStatus.Idle);
            _metrics.Error("database");
            throw fault.Problem($"The step was not run (session {live.Id} is unchanged and stays usable)");
        }
        catch (ApiProblem)
        {
            // The tenant's step quota is used up: nothing ran, the session stays as it was.
            LeaseManager.Move(live, SessionStatus.Busy, SessionStatus.Idle);
            throw;
        }
        _logger.LogInformation("Session {SessionId} step {Seq} started", live.Id, step.Seq);
        _events.Publish(SessionEvents.StepStarted(live, step.Seq, shownCmd, live.Url));
        var userProgress = progress;
        progress = (msg, url) =>
        {
            _events.Publish(SessionEvents.StepProgress(live, step.Seq, shownCmd, msg, url));
            userProgress?.Invoke(msg, url);
        };
        var started = Stopwatch.GetTimestamp();
        EngineStepResult result;
        string? error = null;
        try
        {
            if (size is { Width: not null } or { Height: not null })
            {
                await _engine.ResizeAsync(live.Id, size.Width ?? _options.DefaultWidth, size.Height ?? _options.DefaultHeight, ct);
            }
            if (target is not null && !string.Equals(target, live.Url, StringComparison.Ordinal))
            {
                var landed = await _engine.NavigateAsync(live.Id, target, ct);
                lock (live)
                {
                    live.Url = landed;
                }
                progress?.Invoke($"Opened {landed}.", landed);
            }
            result = await _engine.RunAsync(live.Id, cmd, useLlm, (msg, url) => progress?.Invoke(msg, url), ct);
        }
        catch (EngineStepException ex)
        {
            error = ex.Message;
            result = new EngineStepResult(StepStatus.NotSure, ex.Message, live.Url ?? "", ex.Message);
            _metrics.Error("step");
            PublishError(live, "step", ex.Message);
        }
        catch (EngineFaultException ex) when (!live.Ending)
        {
            error = ex.Detail;
            result = new EngineStepResult(StepStatus.NotSure, ex.Message, live.Url ?? "", error);
            _metrics.Error("engine");
            PublishError(live, "engine", result.Message);
        }
        catch (Exception ex) when (ex is EngineCallException or EngineSessionGoneException && !live.Ending)
        {
            throw await EngineCallFailedAsync(live, step, ex, started, opening: false);
        }
        catch (Exception ex) when (live.Ending || ex is OperationCanceledException)
        {
            var why = live.Ending ? "The session ended while this step was running." : "The step was cancelled by the caller.";
            await FinishStepAsync(live, step, "ERROR", why, live.Url, null, Stopwatch.GetElapsedTime(started), why);
            if (live.Ending)
            {
                throw ApiProblem.NotFound($"Session {live.Id} ended while this step was running: {await EndReasonAsync(live.Id)}");
            }
            throw;
        }

        lock (live)
        {
            live.Url = result.Url;
        }
        LeaseManager.Move(live, SessionStatus.Busy, SessionStatus.Idle);
        var shot = includeScreenshot && !live.Ending ? await TryScreenshotAsync(live, step.Id) : null;
        // What the page looked like when the step finished, kept whatever the client asked (the API returns a screenshot only when asked).
        var picture = shot ?? (live.Ending ? null : await TryThumbnailAsync(live, step.Id));
        var duration = Stopwatch.GetElapsedTime(started);
        // Values the agent typed into password fields are masked in the stored cmd, the message and the error too.
        var stepRedactor = _redactor.With(SecretRedactor.PasswordValues(cmd)).With(result.Secrets);
        var finalCmd = stepRedactor.Redact(cmd);
        _logger.LogDebug("Session {SessionId} step {Seq} cmd: {Cmd}", live.Id, step.Seq, finalCmd);
        result = result with { Message = stepRedactor.Redact(result.Message), Error = stepRedactor.RedactOrNull(error ?? result.Error) };
        try
        {
            await FinishStepAsync(live, step, result.Status, result.Message, stepRedactor.Redact(result.Url), picture, duration, result.Error,
                cmd: finalCmd == shownCmd ? null : finalCmd);
        }
        catch (RecordDeferredException deferred)
        {
            _metrics.Error("database");
            throw deferred.Fault.Problem($"The step ran ({result.Status}: {result.Message}) but its record could not be written yet",
                "the record is kept and written as soon as the database takes writes again. Do not send this cmd again (it already ran); " +
                $"send the next one after {deferred.Fault.RetryAfter.TotalSeconds:0} s");
        }
        _metrics.StepFinished(duration, result.Status);
        _logger.LogInformation("Session {SessionId} step {Seq} finished {Status} in {Ms} ms", live.Id, step.Seq, result.Status, (int)duration.TotalMilliseconds);
        _events.Publish(SessionEvents.StepFinished(live, step.Seq, finalCmd, result.Status, result.Message, stepRedactor.Redact(result.Url), duration, picture));
        return new StepOutcome(live.Id, result.Status, result.Message, result.Url, shot, live.StepCount, duration);
    }

    // ---------------------------------------------------------------- browse

    /// <summary>Create-or-continue, then step while the agent answers CONTINUE, up to <c>max_steps</c>.</summary>
    public async Task<StepOutcome> BrowseAsync(string tenantId, BrowseRequest request, string baseUrl, Action<string, string>? progress, CancellationToken ct)
    {
        string sessionId;
        string? url = request.Url;
        if (request.SessionId is null)
        {
            var created = await CreateAsync(tenantId, request.Url ?? StartPage(baseUrl), request.BrowserParams?.Width,
                request.BrowserParams?.Height, false, request.Labels, ct, request.Profile);
            sessionId = created.SessionId;
            url = null;
        }
        else
        {
            sessionId = request.SessionId;
        }
        using var turn = await AcquireAsync(tenantId, sessionId, "Browse",
            $"Session {sessionId} is still running a previous step. Wait for its answer, then browse again.", busyEvent: null, ct);
        var live = turn.Live;
        {
            var total = Stopwatch.GetTimestamp();
            StepOutcome outcome;
            var steps = 0;
            do
            {
                outcome = await RunStepLockedAsync(live, "browse", request.Cmd, steps == 0 ? url : null, steps == 0 ? request.BrowserParams : null,
                    request.IncludeScreenshot && steps + 1 == request.MaxSteps, progress, ct, request.AgentId);
                steps++;
            }
            while (outcome.Status == StepStatus.Continue && steps < request.MaxSteps);
            if (request.IncludeScreenshot && outcome.ScreenshotId is null)
            {
                outcome = outcome with { ScreenshotId = await TryScreenshotAsync(live, null) };
            }
            return outcome with { StepCount = steps, Duration = Stopwatch.GetElapsedTime(total) };
        }
    }

    // ---------------------------------------------------------------- retrieve

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
            var created = await CreateAsync(tenantId, request.Url ?? StartPage(baseUrl), null, null, false, SessionLabels.None, ct);
            sessionId = created.SessionId;
        }
        else
        {
            sessionId = request.SessionId;
        }
        using var turn = await AcquireAsync(tenantId, sessionId, "Retrieve",
            $"Session {sessionId} is running a step. Retrieve reads the page once the step has answered: send it again then.", busyEvent: null, ct);
        var live = turn.Live;
        {
            EnsureStillLive(live);
            using var scope = _logger.BeginScope(LogScope.Session(live.Id, live.TenantId));
            var started = Stopwatch.GetTimestamp();
            var startedAt = _clock.GetUtcNow();
            if (Router?.UpstreamOf(live.Id) is { } upstream)
            {
                return await RetrieveUpstreamAsync(live, upstream, request, schema, started, startedAt, ct);
            }
            if (request.SessionId is not null && request.Url is not null)
            {
                var target = await CheckUrlAsync(request.Url, ct);
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
                PublishError(live, "retrieve", ex.Message);
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
            }
            else
            {
                // The extractor is CPU-bound (HTML parse and scoring): keep it off the request thread.
                var result = await Task.Run(() => new Extractor().Extract(new ExtractionRequest(page.Html, pageUri, schema, null, request.MaxItems, Hint: request.Cmd)), ct);
                rows = result.Rows;
                message = result.Message + (page.Rendered || request.RenderJs ? "" : " (Read the server's HTML without running scripts; send render_js: true to read the page as displayed.)");
                if (request.MaxPages > 1)
                {
                    (rows, message, page, pagesRead) = await ReadMorePagesAsync(live, request, schema, page, result, message, ct); // SessionService.RetrievePages.cs
                }
            }
            var shot = request.IncludeScreenshot ? await TryScreenshotAsync(live, null) : null;
            var now = _clock.GetUtcNow();
            var lease = _leases.Renew(live, now);
            lock (live)
            {
                live.Url = page.Url;
            }
            var duration = Stopwatch.GetElapsedTime(started);
            var retrievalId = await _store.AddRetrievalAsync(new NewRetrieval(live.Id, live.TenantId,
                JsonSerializer.Serialize(new { Cmd = _redactor.RedactCommand(request.Cmd), request.Fields, request.Format, request.MaxItems, request.RenderJs, request.ScrollToBottom, request.FullPage, request.MaxPages, PagesRead = pagesRead }),
                schema.GetRawText(), JsonSerializer.Serialize(rows), rows.Count, _redactor.Redact(page.Url), startedAt, duration, now), lease);
            _logger.LogInformation("Session {SessionId} retrieve {RetrievalId}: {Rows} rows in {Ms} ms", live.Id, retrievalId, rows.Count, (int)duration.TotalMilliseconds);
            _events.Publish(SessionEvents.RetrieveFinished(live, StepStatus.Done,
                request.Format == "markdown" ? $"Read the page as Markdown ({message.Length} characters)." : message, page.Url, duration));
            return new RetrieveOutcome(live.Id, StepStatus.Done, message, page.Url, shot, rows, retrievalId);
        }
    }

    // ---------------------------------------------------------------- screenshot, close, list

    public async Task<string> ScreenshotNowAsync(string tenantId, string sessionId, CancellationToken ct)
    {
        var live = await GetLiveAsync(tenantId, sessionId, ct);
        return await TryScreenshotAsync(live, null)
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
    private async Task<bool> EndAsync(LiveSession live, SessionStatus status, string reason, DateTimeOffset? at = null)
    {
        if (!LeaseManager.End(live, status))
        {
            return false;
        }
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

    /// <summary>
    /// Which agent runs a step: agent_id "llm" (or "planner") asks for the LLM planner, any other
    /// value or none uses the configured default. Asking for an unconfigured planner is a 400.
    /// </summary>
    private bool UsesLlm(string? agentId)
    {
        var wanted = agentId?.Trim().ToLowerInvariant() switch
        {
            "llm" or "planner" or "llm-planner" => "llm",
            "interpreter" or "default" => "interpreter",
            _ => _options.DefaultAgent.Trim().ToLowerInvariant(),
        };
        if (wanted != "llm")
        {
            return false;
        }
        if (_services.GetService(typeof(Microsoft.Extensions.AI.IChatClient)) is null)
        {
            throw ApiProblem.BadRequest(
                "The LLM planner was asked for (agent_id \"llm\" or Ops:DefaultAgent) but none is configured: set Ops:Llm:Endpoint and Ops:Llm:Model " +
                "to an OpenAI-compatible endpoint, or leave agent_id out to use the built-in command interpreter.");
        }
        return true;
    }

    private void PublishError(LiveSession live, string kind, string message) => _events.Publish(SessionEvents.Error(live, kind, message));

    /// <summary>The session (404 when unknown or ended) and its turn (409 while a step runs or an operator holds control): see <see cref="LiveSessions.Acquire"/>.</summary>
    private async Task<SessionTurn> AcquireAsync(string tenantId, string sessionId, string what, string busyMessage, string? busyEvent, CancellationToken ct) =>
        _live.Acquire(await GetLiveAsync(tenantId, sessionId, ct), what, busyMessage, busyEvent);

    private async Task<LiveSession> GetLiveAsync(string tenantId, string sessionId, CancellationToken ct)
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

    private async Task<string> EndReasonAsync(string sessionId)
    {
        var r = await _store.FindAsync(sessionId, null, CancellationToken.None);
        return r is null ? "unknown" : $"{r.Status} at {r.EndedAt:yyyy-MM-ddTHH:mm:ssZ} ({r.Reason})";
    }

    private static void EnsureStillLive(LiveSession live)
    {
        if (live.Ending)
        {
            throw ApiProblem.NotFound($"Session {live.Id} has just ended and cannot take steps.");
        }
    }

    /// <summary>
    /// The step's running row. A caller's step (<c>step</c>, <c>browse</c>) is counted against the tenant's step quota
    /// in the same transaction and refused with 402 when the period's steps are used up; an operator's manual step is
    /// counted without a limit; the first page and a restore are not steps.
    /// </summary>
    private async Task<RecordedStep> BeginStepAsync(LiveSession live, string kind, string cmd, string? urlBefore)
    {
        using var timed = StepPhases.Time("db");
        int seq;
        lock (live)
        {
            seq = kind == "create" ? 0 : live.StepCount + 1;
        }
        var now = _clock.GetUtcNow();
        var usage = kind switch
        {
            "step" or "browse" => new StepUsage(_quota.PeriodStart(now), _quota.MaxStepsPerPeriod),
            "manual" => new StepUsage(_quota.PeriodStart(now), 0),
            _ => null,
        };
        var step = await _store.BeginStepAsync(
            new StepStart(live.Id, live.TenantId, seq, kind, _redactor.Redact(cmd), _redactor.RedactOrNull(urlBefore), now), sessionBusy: kind != "create", usage);
        if (step is null)
        {
            _metrics.Error("quota");
            throw ApiProblem.Quota(_quota.CheckStep(_quota.MaxStepsPerPeriod, now)!);
        }
        return step;
    }

    private async Task FinishStepAsync(LiveSession live, RecordedStep step, string status, string message, string? urlAfter, string? screenshotId,
        TimeSpan duration, string? error, bool countAsStep = true, string? cmd = null, bool renewLease = true)
    {
        var now = _clock.GetUtcNow();
        SessionStatus sessionStatus;
        LeaseTimes lease;
        int stepCount;
        lock (live)
        {
            if (countAsStep)
            {
                live.StepCount = Math.Max(live.StepCount, step.Seq);
            }
            if (renewLease)
            {
                _leases.Renew(live, now);
            }
            sessionStatus = live.Status;
            lease = live.Lease;
            stepCount = live.StepCount;
        }
        // Configured credentials never reach the database, whichever path finished the step.
        urlAfter = _redactor.RedactOrNull(urlAfter);
        error = _redactor.RedactOrNull(error);
        if (cmd is not null)
        {
            step.Cmd = _redactor.Redact(cmd);
        }
        // One transaction (ISessionStore), kept and written later when the database cannot be written now (RecordDeferredException).
        await _store.FinishStepAsync(step, new StepEnd(status, _redactor.Redact(message), urlAfter, screenshotId, now, duration, error, StepPhases.Current?.ToJson()),
            new SessionAfterStep(live.Id, live.TenantId, sessionStatus, lease, urlAfter, stepCount, error));
        await SaveStateAfterStepAsync(live, stepCount, urlAfter);
    }

    /// <summary>A step's thumbnail (<c>Ops:StepThumbnails</c>, <c>Ops:ThumbnailWidth</c>, <c>Ops:ThumbnailQuality</c>), or null when off or not to be had.</summary>
    private async Task<string?> TryThumbnailAsync(LiveSession live, long stepId)
    {
        if (!_options.StepThumbnails)
        {
            return null;
        }
        try
        {
            var jpeg = await _engine.ThumbnailAsync(live.Id, _options.ThumbnailWidth, _options.ThumbnailQuality, CancellationToken.None);
            return jpeg is null ? null : await _screenshots.SaveAsync(live.TenantId, live.Id, stepId, jpeg, CancellationToken.None, "jpg");
        }
        catch (EngineStepException ex)
        {
            _logger.LogWarning("Session {SessionId}: thumbnail failed: {Error}", live.Id, ex.Message);
            return null;
        }
        catch (Exception ex) when (DatabaseFault.Of(ex) is { } fault)
        {
            // A picture is not worth failing the step's own record for: the step goes on without one.
            _logger.LogWarning("Session {SessionId}: thumbnail not kept: {Fault}", live.Id, fault.Sentence);
            return null;
        }
    }

    private async Task<string?> TryScreenshotAsync(LiveSession live, long? stepId)
    {
        try
        {
            var png = await _engine.ScreenshotAsync(live.Id, CancellationToken.None);
            return await _screenshots.SaveAsync(live.TenantId, live.Id, stepId, png, CancellationToken.None);
        }
        catch (Exception ex) when (ex is EngineStepException or EngineCallException or EngineSessionGoneException)
        {
            _logger.LogWarning("Session {SessionId}: screenshot failed: {Error}", live.Id, ex.Message);
            return null;
        }
    }
}
