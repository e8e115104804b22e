using System.Diagnostics;
using Microsoft.Extensions.Options;
using OpsDashboard.Core.Agent;
using OpsDashboard.Core.Api;
using OpsDashboard.Core.Engine;
using OpsDashboard.Core.Sessions;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Diagnostics;
using OpsDashboard.Web.Events;

namespace OpsDashboard.Web.Sessions;

/// <summary>
/// Where a <c>cmd</c> runs on a session: <c>POST /v1/web/session/{id}</c> (<see cref="StepAsync"/>) and
/// <c>POST /v1/web/browse</c> (<see cref="BrowseAsync"/>, which opens a session through <see cref="SessionService"/>
/// when given none and steps while the agent answers CONTINUE). One step: the session's turn (or 409), the cmd
/// checked, the running row with the step quota (<see cref="StepRecorder"/>), the engine (resize, navigate, the agent:
/// interpreter or LLM planner), the picture, the final row, the events. The engine turns a cmd into clicks
/// (<see cref="ISessionEngine.RunAsync"/>); this class decides what is recorded and answered.
/// </summary>
public sealed class StepRunner
{
    private readonly SessionService _sessions;
    private readonly StepRecorder _steps;
    private readonly ISessionEngine _engine;
    private readonly OpsEventBus _events;
    private readonly OpsMetrics _metrics;
    private readonly SecretRedactor _redactor;
    private readonly DeferredWrites _deferred;
    private readonly OpsOptions _options;
    private readonly ILogger<StepRunner> _logger;
    private readonly bool _llmConfigured;

    public StepRunner(SessionService sessions, StepRecorder steps, ISessionEngine engine, OpsEventBus events, OpsMetrics metrics, SecretRedactor redactor,
        DeferredWrites deferred, IOptions<OpsOptions> options, ILogger<StepRunner> logger, IEnumerable<Microsoft.Extensions.AI.IChatClient> chatClients)
    {
        _sessions = sessions;
        _steps = steps;
        _engine = engine;
        _events = events;
        _metrics = metrics;
        _redactor = redactor;
        _deferred = deferred;
        _options = options.Value;
        _logger = logger;
        _llmConfigured = chatClients.Any();
    }

    /// <summary>Runs one <c>cmd</c> on a session. <paramref name="progress"/> hears each action as it completes.</summary>
    public async Task<StepOutcome> StepAsync(string tenantId, string sessionId, StepRequest request, Action<string, string>? progress, CancellationToken ct)
    {
        using var turn = await _sessions.AcquireAsync(tenantId, sessionId, "Send this cmd",
            $"Session {sessionId} is still running a previous step. Steps of one session run one at a time: wait for the previous answer, then send this cmd again.",
            busyEvent: "A step was refused (409): the previous step of this session was still running.", ct, untilCaptured: false);
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
        SessionService.EnsureStillLive(live);
        if (string.IsNullOrWhiteSpace(cmd))
        {
            throw new RequestValidationException([new ValidationError(["body", "cmd"], "The cmd is empty: say what the agent should do, e.g. click \"Sign in\".", "value_error")]);
        }
        string? target = url is null ? null : await _sessions.CheckUrlForAsync(_sessions.EngineOf(live), url, ct);
        // The last answer's page is still being read (its thumbnail, its saved state: StepRecorder.AfterAnswer). Looking at
        // the page alongside is harmless; acting on it is not. An engine that can hold this step's first action until the
        // reading is done starts at once; otherwise the step waits for the reading here.
        var captured = live.CapturedBeforeNextTurn();
        if (!captured.IsCompleted && !_engine.ActAfter(live.Id, captured))
        {
            await captured;
        }

        LeaseManager.Move(live, SessionStatus.Idle, SessionStatus.Busy);
        // What the step leaves behind shows the cmd with secrets masked (SecretRedactor); the agent gets it as sent.
        // While it runs, every typed value is masked: which fields are password inputs is known only afterwards.
        var shownCmd = _redactor.RedactCommandBeforeRun(cmd);
        RecordedStep step;
        try
        {
            // Records deferred by an earlier database fault are written first, so this one cannot overtake them.
            await _deferred.FlushAsync(CancellationToken.None);
            step = await _steps.BeginAsync(live, kind, shownCmd, live.Url);
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
            _sessions.PublishError(live, "step", ex.Message);
        }
        catch (EngineFaultException ex) when (!live.Ending)
        {
            error = ex.Detail;
            result = new EngineStepResult(StepStatus.NotSure, ex.Message, live.Url ?? "", error);
            _metrics.Error("engine");
            _sessions.PublishError(live, "engine", result.Message);
        }
        catch (Exception ex) when (ex is EngineCallException or EngineSessionGoneException && !live.Ending)
        {
            throw await _sessions.EngineCallFailedAsync(live, step, ex, started, opening: false);
        }
        catch (Exception ex) when (live.Ending || ex is OperationCanceledException)
        {
            var why = live.Ending ? "The session ended while this step was running." : "The step was cancelled by the caller.";
            await _steps.FinishAsync(live, step, "ERROR", why, live.Url, null, Stopwatch.GetElapsedTime(started), why);
            _steps.AfterAnswer(live, step, thumbnail: false);
            if (live.Ending)
            {
                throw ApiProblem.NotFound($"Session {live.Id} ended while this step was running: {await _sessions.EndReasonAsync(live.Id)}");
            }
            throw;
        }

        lock (live)
        {
            live.Url = result.Url;
        }
        LeaseManager.Move(live, SessionStatus.Busy, SessionStatus.Idle);
        // The screenshot the client asked for is part of the answer; otherwise what the page looked like when the step
        // finished is kept as a thumbnail taken just after the answer (StepRecorder.AfterAnswer).
        var shot = includeScreenshot && !live.Ending ? await _steps.ScreenshotAsync(live, step.Id) : null;
        var duration = Stopwatch.GetElapsedTime(started);
        // Values the agent typed into password fields are masked in the stored cmd, the message and the error too.
        var stepRedactor = _redactor.With(SecretRedactor.PasswordValues(cmd)).With(result.Secrets);
        var finalCmd = stepRedactor.Redact(cmd);
        _logger.LogDebug("Session {SessionId} step {Seq} cmd: {Cmd}", live.Id, step.Seq, finalCmd);
        result = result with { Message = stepRedactor.Redact(result.Message), Error = stepRedactor.RedactOrNull(error ?? result.Error) };
        try
        {
            await _steps.FinishAsync(live, step, result.Status, result.Message, stepRedactor.Redact(result.Url), shot, duration, result.Error,
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
        _events.Publish(SessionEvents.StepFinished(live, step.Seq, finalCmd, result.Status, result.Message, stepRedactor.Redact(result.Url), duration, shot));
        _steps.AfterAnswer(live, step, thumbnail: shot is null, stepRedactor.Redact(result.Url));
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
            var created = await _sessions.CreateAsync(tenantId, request.Url ?? _sessions.StartPage(baseUrl), request.BrowserParams?.Width,
                request.BrowserParams?.Height, false, request.Labels, ct, request.Profile);
            sessionId = created.SessionId;
            url = null;
        }
        else
        {
            sessionId = request.SessionId;
        }
        using var turn = await _sessions.AcquireAsync(tenantId, sessionId, "Browse",
            $"Session {sessionId} is still running a previous step. Wait for its answer, then browse again.", busyEvent: null, ct, untilCaptured: false);
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
                outcome = outcome with { ScreenshotId = await _steps.ScreenshotAsync(live, null) };
            }
            return outcome with { StepCount = steps, Duration = Stopwatch.GetElapsedTime(total) };
        }
    }

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
        if (!_llmConfigured)
        {
            throw ApiProblem.BadRequest(
                "The LLM planner was asked for (agent_id \"llm\" or Ops:DefaultAgent) but none is configured: set Ops:Llm:Endpoint and Ops:Llm:Model " +
                "to an OpenAI-compatible endpoint, or leave agent_id out to use the built-in command interpreter.");
        }
        return true;
    }
}
