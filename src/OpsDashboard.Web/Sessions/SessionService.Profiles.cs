using System.Security.Cryptography;
using OpsDashboard.Core.Api;
using OpsDashboard.Core.Engine;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Profiles;

namespace OpsDashboard.Web.Sessions;

/// <summary>Where a session's profile and restart state come in: attach at create, write back at the end (the save after each step is <see cref="StepRecorder"/>'s).</summary>
public sealed partial class SessionService
{
    private ProfileStore Profiles { get; }

    private SessionStateStore States { get; }

    /// <summary>The per-step state saves so far (count, mean, max), for measurements.</summary>
    public StateSaveStats StateSaves => States.Stats;

    /// <summary>The profile a live session came from, if any.</summary>
    public ProfileAttachment? ProfileOf(string tenantId, string sessionId) =>
        _live.TryGet(sessionId, out var live) && live.TenantId == tenantId ? live.Profile : null;

    private async Task<ProfileAttachment?> AttachProfileAsync(string tenantId, string sessionId, ProfileRequest? request, CancellationToken ct) =>
        request is null ? null : await Profiles.AttachAsync(tenantId, sessionId, request.Profile, request.Persist, ct);

    private async Task ReleaseProfileAsync(ProfileAttachment? attached, string sessionId)
    {
        if (attached is { Persist: true })
        {
            await Profiles.ReleaseAsync(attached.ProfileId, sessionId);
        }
    }

    private static string ProfileSentence(ProfileAttachment? p) => p is null ? "" :
        p.StateJson is null
            ? $" Profile '{p.Name}' is new (empty); the session's browser state is saved to it when the session ends."
            : $" Started from saved browser profile '{p.Name}'{(p.Persist ? ", which the session's browser state is saved back to when it ends" : " (read-only)")}.";

    /// <summary>
    /// When a session ends: a <c>persist</c> profile gets its final state (from the browser, or the
    /// state saved after its last step when the browser is gone), the lock is released, the restart state dropped.
    /// </summary>
    private async Task OnEndingAsync(LiveSession live)
    {
        try
        {
            if (live.Profile is { Persist: true } p)
            {
                string? state = null;
                try
                {
                    state = await _engine.ExportStateAsync(live.Id, CancellationToken.None);
                }
                catch (Exception ex) when (ex is EngineStepException or EngineFaultException)
                {
                    state = await LastSavedStateAsync(live.Id);
                }
                await WriteBackAsync(p, live.TenantId, live.Id, state);
            }
            await States.ClearAsync(live.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Session {SessionId}: ending its profile and restart state failed", live.Id);
        }
    }

    private async Task WriteBackAsync(ProfileAttachment p, string tenantId, string sessionId, string? state)
    {
        try
        {
            if (state is not null)
            {
                await Profiles.SaveStateAsync(p.ProfileId, sessionId, state, CancellationToken.None);
            }
        }
        catch (ApiProblem ex)
        {
            _logger.LogWarning("Session {SessionId}: its state was not saved to profile {Profile}: {Error}", sessionId, p.Name, ex.Message);
            _events.Publish(SessionEvents.Error(tenantId, sessionId, "profile", $"The browser state was not saved to profile '{p.Name}': {ex.Message}", null));
        }
        finally
        {
            await Profiles.ReleaseAsync(p.ProfileId, sessionId);
        }
    }

    private async Task<string?> LastSavedStateAsync(string sessionId)
    {
        var record = await States.GetAsync(sessionId, CancellationToken.None);
        try
        {
            return record is null ? null : States.Unprotect(record);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// Saves a live session's browser state to a profile now: <paramref name="nameOrId"/> (new or
    /// existing, not held by another session), or the profile it was started from.
    /// </summary>
    public async Task<ProfileView> SaveToProfileAsync(string tenantId, string sessionId, string? nameOrId, CancellationToken ct)
    {
        var live = await GetLiveAsync(tenantId, sessionId, ct);
        var target = string.IsNullOrWhiteSpace(nameOrId) ? live.Profile?.Name : nameOrId.Trim();
        if (target is null)
        {
            throw ApiProblem.BadRequest($"Session {sessionId} was not started from a profile: name the profile to save to, e.g. {{\"name\": \"shop-demo\", \"session_id\": \"{sessionId}\"}}.");
        }
        using var turn = await LiveSessions.AcquireWaitingAsync(live, TimeSpan.FromSeconds(30),
            $"Session {sessionId} is running a step; save its profile once the step has answered.", ct);
        {
            EnsureStillLive(live);
            string state;
            try
            {
                state = await _engine.ExportStateAsync(live.Id, ct);
            }
            catch (EngineStepException ex)
            {
                throw ApiProblem.Unavailable($"The browser state of session {sessionId} could not be read: {ex.Message}");
            }
            var saved = await Profiles.SaveAsNamedAsync(tenantId, target, live.Id, state, ct);
            _events.Publish(SessionEvents.SessionUpdated(live, $"Browser state saved to profile '{saved.Name}' ({saved.SizeBytes:N0} bytes)", live.Url));
            return Profiles.ToView(saved);
        }
    }
}
