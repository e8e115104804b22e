using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using OpsDashboard.Core.Api;
using OpsDashboard.Core.Engine;
using OpsDashboard.Core.Sessions;
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
        var now = _clock.GetUtcNow();
        // Sharing the database with other nodes, only this node's sessions are its to recover (docs/scale-out.md).
        var recovery = await _store.RecoverAfterRestartAsync(_node?.Id, now, InterruptedStep, s =>
        {
            var end = _leases.Check(s.Lease, now);
            if (_options.RestoreSessionsOnStart && end is null && s.HasSavedState)
            {
                return null;
            }
            return !_options.RestoreSessionsOnStart ? "gateway restarted"
                : end is not null ? $"gateway restarted after its lease had run out ({end.Reason})"
                : "gateway restarted; no browser state had been saved for it, so it could not be reopened";
        }, ct);
        foreach (var step in recovery.Interrupted)
        {
            _interrupted[step.SessionId] = step.Seq;
        }
        foreach (var s in recovery.ToRestore)
        {
            _restoring[s.Id] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        foreach (var s in recovery.Ended)
        {
            await EndStateOfUnrestoredAsync(s.Id, s.TenantId);
        }
        if (recovery.Ended.Count > 0)
        {
            _logger.LogWarning("Marked {Count} sessions that were live before the restart as failed", recovery.Ended.Count);
        }
        if (!_restoring.IsEmpty)
        {
            _logger.LogInformation("{Count} sessions that were live before the restart will be reopened", _restoring.Count);
        }
    }

    /// <summary>A session that will not come back still writes its last saved state to its persist profile, and lets go of it.</summary>
    private async Task EndStateOfUnrestoredAsync(string sessionId, string tenantId)
    {
        try
        {
            var record = await States.GetAsync(sessionId, CancellationToken.None);
            if (record is { ProfileId: { } profileId, Persist: true })
            {
                await WriteBackAsync(new ProfileAttachment(profileId, record.ProfileName ?? profileId, true, null), tenantId, sessionId, await LastSavedStateAsync(sessionId));
            }
            await States.ClearAsync(sessionId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Session {SessionId}: releasing its profile after the restart failed", sessionId);
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
        var s = await _store.FindForRestoreAsync(id, CancellationToken.None);
        var state = await States.GetAsync(id, CancellationToken.None)
            ?? throw new InvalidOperationException("its saved browser state is no longer recorded");
        using var scope = _logger.BeginScope(LogScope.Session(id, s.TenantId));
        var lease = s.Lease;
        var url = state.Url ?? s.CurrentUrl ?? "about:blank";
        var live = new LiveSession(id, s.TenantId, lease)
        {
            StepCount = s.LastSeq,
            Url = url,
            Profile = state.ProfileId is null ? null : new ProfileAttachment(state.ProfileId, state.ProfileName ?? state.ProfileId, state.Persist, null),
        };
        _live.Add(live);
        using var turn = await LiveSessions.AcquireAsync(live);
        {
            var step = await _steps.BeginAsync(live, "restore", "restored after restart", url);
            var started = Stopwatch.GetTimestamp();
            string stateJson;
            try
            {
                stateJson = States.Unprotect(state)!;
            }
            catch (CryptographicException ex)
            {
                var why = $"its saved browser state could not be decrypted ({ex.Message}); the Data Protection key is missing from the database";
                await _steps.FinishAsync(live, step, "ERROR", "Could not restore after restart: " + why, url, null, Stopwatch.GetElapsedTime(started), why, countAsStep: false, renewLease: false);
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
                await _steps.FinishAsync(live, step, "ERROR", "Could not restore after restart: " + ex.Message, url, null, Stopwatch.GetElapsedTime(started), ex.Message,
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
            await _steps.FinishAsync(live, step, status, message, finalUrl, null, Stopwatch.GetElapsedTime(started), error, countAsStep: false, renewLease: false);
            _steps.AfterAnswer(live, step, thumbnail: false);
            _logger.LogInformation("Session {SessionId} restored after restart on {Url}", id, finalUrl);
            _events.Publish(SessionEvents.SessionUpdated(live, message, finalUrl, warning: error is not null));
        }
    }
}
