using System.Diagnostics;
using Microsoft.Extensions.Options;
using OpsDashboard.Core.Agent;
using OpsDashboard.Core.Engine;
using OpsDashboard.Core.Sessions;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Diagnostics;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Profiles;
using OpsDashboard.Web.Upstream;

namespace OpsDashboard.Web.Sessions;

/// <summary>
/// Where a step's record is written, whichever door ran it (a caller's step or browse, a create's first page, an
/// operator's manual control, a restore, an upstream failure): its running row with the tenant's step quota checked
/// and counted (<see cref="BeginAsync"/>), its final row with the session's row and lease (<see cref="FinishAsync"/>),
/// the picture it leaves (<see cref="ScreenshotAsync"/> when the caller asked for one, else a thumbnail) and the browser
/// state saved after it for a restart — those two after the answer (<see cref="AfterAnswer"/>), so the caller does not
/// wait for them. Secrets are masked here (<see cref="SecretRedactor"/>) before anything reaches the store.
/// </summary>
public sealed class StepRecorder(
    ISessionStore store, ISessionEngine engine, ScreenshotStore screenshots, SessionStateStore states, LeaseManager leases, SecretRedactor redactor,
    TimeProvider clock, OpsMetrics metrics, OpsEventBus events, IOptions<OpsOptions> options, ILogger<StepRecorder> logger, EngineRouter? router = null)
{
    private readonly OpsOptions _options = options.Value;
    private readonly TenantQuota _quota = options.Value.Quota();

    /// <summary>
    /// The step's running row. A caller's step (<c>step</c>, <c>browse</c>) is counted against the tenant's step quota
    /// in the same transaction and refused with 402 when the period's steps are used up; an operator's manual step is
    /// counted without a limit; the first page (<c>create</c>) and a restore are not steps.
    /// </summary>
    public async Task<RecordedStep> BeginAsync(LiveSession live, string kind, string cmd, string? urlBefore)
    {
        using var timed = StepPhases.Time("db");
        int seq;
        lock (live)
        {
            seq = kind == "create" ? 0 : live.StepCount + 1;
        }
        var now = clock.GetUtcNow();
        var usage = kind switch
        {
            "step" or "browse" => new StepUsage(_quota.PeriodStart(now), _quota.MaxStepsPerPeriod),
            "manual" => new StepUsage(_quota.PeriodStart(now), 0),
            _ => null,
        };
        var step = await store.BeginStepAsync(
            new StepStart(live.Id, live.TenantId, seq, kind, redactor.Redact(cmd), redactor.RedactOrNull(urlBefore), now), sessionBusy: kind != "create", usage);
        if (step is null)
        {
            metrics.Error("quota");
            throw ApiProblem.Quota(_quota.CheckStep(_quota.MaxStepsPerPeriod, now)!);
        }
        return step;
    }

    /// <summary>
    /// The step's final row and the session's row after it (status, lease renewed unless <paramref name="renewLease"/> is
    /// false, URL, step count, last error). <paramref name="countAsStep"/> moves the session's step count to this step.
    /// Throws <see cref="RecordDeferredException"/> when the record is kept for later because the database cannot be
    /// written now. Follow it with <see cref="AfterAnswer"/> once the answer is out.
    /// </summary>
    public async Task FinishAsync(LiveSession live, RecordedStep step, string status, string message, string? urlAfter, string? screenshotId,
        TimeSpan duration, string? error, bool countAsStep = true, string? cmd = null, bool renewLease = true)
    {
        var now = clock.GetUtcNow();
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
                leases.Renew(live, now);
            }
            sessionStatus = live.Status;
            lease = live.Lease;
            stepCount = live.StepCount;
        }
        // Configured credentials never reach the database, whichever path finished the step.
        urlAfter = redactor.RedactOrNull(urlAfter);
        error = redactor.RedactOrNull(error);
        if (cmd is not null)
        {
            step.Cmd = redactor.Redact(cmd);
        }
        // One transaction (ISessionStore), kept and written later when the database cannot be written now (RecordDeferredException).
        await store.FinishStepAsync(step, new StepEnd(status, redactor.Redact(message), urlAfter, screenshotId, now, duration, error, StepPhases.Current?.ToJson()),
            new SessionAfterStep(live.Id, live.TenantId, sessionStatus, lease, urlAfter, stepCount, error));
    }

    /// <summary>
    /// What follows a recorded step once its answer is out, queued on the session (<see cref="LiveSession.AfterAnswer"/>):
    /// the page is read — when <paramref name="thumbnail"/>, its thumbnail (<c>Ops:StepThumbnails</c>,
    /// <c>Ops:ThumbnailWidth</c>, <c>Ops:ThumbnailQuality</c>); its storage state for a restart
    /// (<c>Ops:RestoreSessionsOnStart</c>); and the page readied for the next step (<see cref="ISessionEngine.ReadyForNextStepAsync"/>) — and then kept: the picture stored, attached to the step's row and announced as
    /// <c>step.picture</c>, the state encrypted and saved. The session's next turn waits for the reading only, its end and a
    /// graceful stop for all of it. Never fails: what cannot be had is logged and skipped, as when this ran before the answer.
    /// <paramref name="recordedUrl"/>: the URL as the step's record has it (secrets masked), saved with the state.
    /// </summary>
    public void AfterAnswer(LiveSession live, RecordedStep step, bool thumbnail, string? recordedUrl = null)
    {
        int stepCount;
        string? url;
        lock (live)
        {
            if (live.Ending)
            {
                return;
            }
            stepCount = live.StepCount;
            url = recordedUrl ?? redactor.RedactOrNull(live.Url);
        }
        thumbnail &= _options.StepThumbnails;
        // An upstream keeps its sessions' browser state itself: nothing to save here.
        var saveState = _options.RestoreSessionsOnStart && router?.UpstreamOf(live.Id) is null;
        live.AfterAnswer(async () =>
        {
            try
            {
                if (live.Ending)
                {
                    return null;
                }
                var jpeg = thumbnail ? ReadThumbnailAsync(live) : Task.FromResult<byte[]?>(null);
                var stateStarted = Stopwatch.GetTimestamp();
                var state = saveState ? ReadStateAsync(live, step.Seq) : Task.FromResult<string?>(null);
                var ready = ReadyAsync(live);
                await Task.WhenAll(jpeg, state);
                var exportTime = Stopwatch.GetElapsedTime(stateStarted);
                await ready;
                return () => KeepAsync(live, step, jpeg.Result, state.Result, exportTime, stepCount, url);
            }
            catch (Exception ex)
            {
                // Nothing after the answer may fault the session's queue: the step and its answer stand without it.
                logger.LogWarning(ex, "Session {SessionId}: reading the page after step {Seq}'s answer failed", live.Id, step.Seq);
                return null;
            }
        });
    }

    private async Task<byte[]?> ReadThumbnailAsync(LiveSession live)
    {
        try
        {
            return await engine.ThumbnailAsync(live.Id, _options.ThumbnailWidth, _options.ThumbnailQuality, CancellationToken.None);
        }
        catch (Exception ex) when (ex is EngineStepException or EngineCallException or EngineSessionGoneException or EngineFaultException)
        {
            logger.LogWarning("Session {SessionId}: thumbnail failed: {Error}", live.Id, ex.Message);
            return null;
        }
    }

    /// <summary>The page readied for the session's next step (<see cref="ISessionEngine.ReadyForNextStepAsync"/>), read alongside the picture.</summary>
    private async Task ReadyAsync(LiveSession live)
    {
        try
        {
            await engine.ReadyForNextStepAsync(live.Id, CancellationToken.None);
        }
        catch (Exception ex) when (ex is EngineStepException or EngineCallException or EngineSessionGoneException or EngineFaultException)
        {
            logger.LogDebug("Session {SessionId}: not readied for its next step: {Error}", live.Id, ex.Message);
        }
    }

    private async Task<string?> ReadStateAsync(LiveSession live, int afterStep)
    {
        try
        {
            return await engine.ExportStateAsync(live.Id, CancellationToken.None);
        }
        catch (Exception ex) when (ex is EngineStepException or EngineFaultException or EngineCallException or EngineSessionGoneException)
        {
            logger.LogWarning("Session {SessionId}: its browser state could not be read after step {Seq}: {Error}", live.Id, afterStep, ex.Message);
            return null;
        }
    }

    /// <summary>The second half of <see cref="AfterAnswer"/>: what was read is written, in step order.</summary>
    private async Task KeepAsync(LiveSession live, RecordedStep step, byte[]? jpeg, string? state, TimeSpan exportTime, int stepCount, string? url)
    {
        try
        {
            if (jpeg is not null)
            {
                var picture = await screenshots.SaveAsync(live.TenantId, live.Id, step.Id, jpeg, CancellationToken.None, "jpg");
                await store.SetStepPictureAsync(step.Id, picture);
                events.Publish(SessionEvents.StepPicture(live, step.Seq, picture));
            }
        }
        catch (Exception ex) when (DatabaseFault.Of(ex) is { } fault)
        {
            // A picture is not worth keeping for later: the step's own record stands without one.
            logger.LogWarning("Session {SessionId}: thumbnail not kept: {Fault}", live.Id, fault.Sentence);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Session {SessionId}: the thumbnail of step {Seq} was not kept", live.Id, step.Seq);
        }
        try
        {
            // Not after the session's end began: its state is cleared then, and must stay cleared.
            if (state is not null && !live.Ending)
            {
                await states.SaveAsync(live.Id, state, url, stepCount, exportTime);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning("Session {SessionId}: its browser state could not be saved after step {Seq}: {Error}", live.Id, stepCount, ex.Message);
        }
    }

    /// <summary>A full screenshot of the session's page, stored (for <paramref name="stepId"/> when given); null when it could not be taken.</summary>
    public async Task<string?> ScreenshotAsync(LiveSession live, long? stepId)
    {
        try
        {
            var png = await engine.ScreenshotAsync(live.Id, CancellationToken.None);
            return await screenshots.SaveAsync(live.TenantId, live.Id, stepId, png, CancellationToken.None);
        }
        catch (Exception ex) when (ex is EngineStepException or EngineCallException or EngineSessionGoneException)
        {
            logger.LogWarning("Session {SessionId}: screenshot failed: {Error}", live.Id, ex.Message);
            return null;
        }
    }
}
