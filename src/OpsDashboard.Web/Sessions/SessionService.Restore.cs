using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OpsDashboard.Core.Api;
using OpsDashboard.Core.Engine;
using OpsDashboard.Core.Sessions;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Diagnostics;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Profiles;

namespace OpsDashboard.Web.Sessions;

/// <summary>
/// Sessions that survive a restart: at start, a session whose lease has not run out and whose state
/// was saved after its last step is reopened (same id, same lease times, the history continued with
/// a "restored after restart" step); any other session that was live ends <c>failed</c> with the reason.
/// </summary>
public sealed partial class SessionService
{
    /// <summary>Sessions being reopened; a call for one waits until it is back (or has failed).</summary>
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _restoring = new();
    private readonly ConcurrentDictionary<string, int> _interrupted = new();
    private const string InterruptedStep = "The gateway stopped while this step was running.";

    /// <summary>
    /// Start-up, before the server listens: records the end of the sessions that cannot come back,
    /// and marks the others for <see cref="RestorePendingAsync"/>. Steps that were running end ERROR.
    /// </summary>
    public async Task RecoverAfterRestartAsync(CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var liveStatuses = new[] { "starting", "idle", "busy" };
        // Sharing the database with other nodes, only this node's sessions are its to recover (docs/scale-out.md).
        var node = _services.GetService<OpsDashboard.Web.ScaleOut.NodeIdentity>()?.Id;
        var orphans = await db.Sessions.Where(s => liveStatuses.Contains(s.Status) && (node == null || s.NodeId == node)).ToListAsync(ct);
        var now = _clock.GetUtcNow();
        var running = await db.Steps.Where(s => s.Status == "running" && (node == null || db.Sessions.Any(x => x.Id == s.SessionId && x.NodeId == node))).ToListAsync(ct);
        foreach (var step in running)
        {
            step.Status = "ERROR";
            step.Error = InterruptedStep;
            step.FinishedAt = now;
            _interrupted[step.SessionId] = step.Seq;
        }
        var ended = new List<SessionRecord>();
        foreach (var s in orphans)
        {
            var state = await db.SessionStates.AsNoTracking().FirstOrDefaultAsync(x => x.SessionId == s.Id, ct);
            var end = _leases.Check(new LeaseTimes(s.CreatedAt, s.LastUsedAt, s.LeaseExpiresAt, s.MaxExpiresAt), now);
            if (_options.RestoreSessionsOnStart && end is null && state?.StateProtected is not null)
            {
                _restoring[s.Id] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                continue;
            }
            s.Status = SessionStatus.Failed.ToWire();
            s.EndedAt = now;
            s.EndReason = !_options.RestoreSessionsOnStart ? "gateway restarted"
                : end is not null ? $"gateway restarted after its lease had run out ({end.Reason})"
                : "gateway restarted; no browser state had been saved for it, so it could not be reopened";
            s.LastError = s.EndReason;
            ended.Add(s);
        }
        await db.SaveChangesAsync(ct);
        foreach (var s in ended)
        {
            await EndStateOfUnrestoredAsync(s);
        }
        if (ended.Count > 0)
        {
            _logger.LogWarning("Marked {Count} sessions that were live before the restart as failed", ended.Count);
        }
        if (!_restoring.IsEmpty)
        {
            _logger.LogInformation("{Count} sessions that were live before the restart will be reopened", _restoring.Count);
        }
    }

    /// <summary>A session that will not come back still writes its last saved state to its persist profile, and lets go of it.</summary>
    private async Task EndStateOfUnrestoredAsync(SessionRecord s)
    {
        try
        {
            var record = await States.GetAsync(s.Id, CancellationToken.None);
            if (record is { ProfileId: { } profileId, Persist: true })
            {
                await WriteBackAsync(new ProfileAttachment(profileId, record.ProfileName ?? profileId, true, null), s.TenantId, s.Id, await LastSavedStateAsync(s.Id));
            }
            await States.ClearAsync(s.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Session {SessionId}: releasing its profile after the restart failed", s.Id);
        }
    }

    /// <summary>Once the browser engine runs: reopens every session marked by <see cref="RecoverAfterRestartAsync"/>.</summary>
    public async Task RestorePendingAsync()
    {
        foreach (var (id, done) in _restoring.ToArray())
        {
            try
            {
                await RestoreOneAsync(id);
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Session {SessionId} could not be restored after the restart", id);
                if (_live.TryGet(id, out var live))
                {
                    await EndAsync(live, SessionStatus.Failed, $"could not be restored after the gateway restarted: {ex.Message}");
                }
            }
            finally
            {
                _restoring.TryRemove(id, out _);
                done.TrySetResult();
            }
        }
    }

    private Task WaitIfRestoringAsync(string sessionId, CancellationToken ct) =>
        _restoring.TryGetValue(sessionId, out var pending) ? pending.Task.WaitAsync(ct) : Task.CompletedTask;

    private async Task RestoreOneAsync(string id)
    {
        SessionRecord s;
        SessionStateRecord state;
        int lastSeq;
        await using (var db = await _dbFactory.CreateDbContextAsync(CancellationToken.None))
        {
            s = await db.Sessions.AsNoTracking().FirstAsync(x => x.Id == id);
            state = await db.SessionStates.AsNoTracking().FirstAsync(x => x.SessionId == id);
            lastSeq = await db.Steps.Where(x => x.SessionId == id).MaxAsync(x => (int?)x.Seq) ?? 0;
        }
        using var scope = _logger.BeginScope(LogScope.Session(id, s.TenantId));
        var lease = new LeaseTimes(s.CreatedAt, s.LastUsedAt, s.LeaseExpiresAt, s.MaxExpiresAt);
        var url = state.Url ?? s.CurrentUrl ?? "about:blank";
        var live = new LiveSession(id, s.TenantId, lease)
        {
            StepCount = lastSeq,
            Url = url,
            Profile = state.ProfileId is null ? null : new ProfileAttachment(state.ProfileId, state.ProfileName ?? state.ProfileId, state.Persist, null),
        };
        _live.Add(live);
        using var turn = await LiveSessions.AcquireAsync(live);
        {
            var step = await BeginStepAsync(live, "restore", "restored after restart", url);
            var started = Stopwatch.GetTimestamp();
            string stateJson;
            try
            {
                stateJson = States.Unprotect(state)!;
            }
            catch (CryptographicException ex)
            {
                var why = $"its saved browser state could not be decrypted ({ex.Message}); the Data Protection key is missing from the database";
                await FinishStepAsync(live, step, "ERROR", "Could not restore after restart: " + why, url, null, Stopwatch.GetElapsedTime(started), why, countAsStep: false, renewLease: false);
                await EndAsync(live, SessionStatus.Failed, "could not be restored after the gateway restarted: " + why);
                return;
            }
            string status, finalUrl;
            string? error = null;
            try
            {
                finalUrl = await _engine.OpenAsync(id, new EngineOpenOptions(url, s.Width, s.Height, stateJson), CancellationToken.None);
                status = StepStatus.Done;
            }
            catch (EngineUnavailableException ex)
            {
                await FinishStepAsync(live, step, "ERROR", "Could not restore after restart: " + ex.Message, url, null, Stopwatch.GetElapsedTime(started), ex.Message,
                    countAsStep: false, renewLease: false);
                await EndAsync(live, SessionStatus.Failed, "could not be restored after the gateway restarted: the browser engine was not available: " + ex.Message);
                return;
            }
            catch (EngineStepException ex)
            {
                finalUrl = url;
                status = StepStatus.NotSure;
                error = ex.Message;
            }
            var lost = "anything typed into a form but not submitted, the page's in-memory state (script variables, scroll position, open menus and dialogs) and sessionStorage";
            if (_interrupted.TryRemove(id, out var seq))
            {
                lost += $"; step {seq}, which was running when the gateway stopped, did not finish: check the page before repeating it";
            }
            var message = error is null
                ? $"Restored after restart: reopened {finalUrl} in a new browser with the cookies, localStorage and IndexedDB saved after step {state.SavedAfterStep}. Not restored: {lost}."
                : $"Restored after restart, but {url} did not load again: {error} The cookies, localStorage and IndexedDB saved after step {state.SavedAfterStep} are back. Not restored: {lost}.";
            LeaseManager.Move(live, SessionStatus.Starting, SessionStatus.Idle);
            lock (live)
            {
                live.Url = finalUrl;
                live.StepCount = step.Seq;
            }
            await FinishStepAsync(live, step, status, message, finalUrl, null, Stopwatch.GetElapsedTime(started), error, countAsStep: false, renewLease: false);
            _logger.LogInformation("Session {SessionId} restored after restart on {Url}", id, finalUrl);
            _events.Publish(SessionEvents.SessionUpdated(live, message, finalUrl, warning: error is not null));
        }
    }
}
