using OpsDashboard.Core.Extraction;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Dashboard;

/// <summary>
/// What the dashboard's components read and do. Reads come from the registry; every action goes
/// through <see cref="SessionService"/> (or <see cref="Auth.ApiKeyStore"/>), the same door the API uses.
/// Operators act for any tenant, so every action names the session's tenant. Thread-safe; singleton.
/// </summary>
public interface IDashboardClient
{
    /// <summary>Every live session plus the newest ended ones, up to <paramref name="limit"/> rows, newest first.</summary>
    Task<IReadOnlyList<SessionRow>> LoadSessionsAsync(int limit, CancellationToken ct);

    /// <summary>The given sessions' records (those that exist).</summary>
    Task<IReadOnlyList<SessionRow>> LoadSessionsAsync(IReadOnlyCollection<string> ids, CancellationToken ct);

    Task<SessionRow?> GetSessionAsync(string sessionId, CancellationToken ct);

    Task<IReadOnlyList<StepView>> GetStepsAsync(string sessionId, CancellationToken ct);

    Task<IReadOnlyList<RetrievalView>> GetRetrievalsAsync(string sessionId, CancellationToken ct);

    Task<IReadOnlyList<string>> GetTenantsAsync(CancellationToken ct);

    Task<StepOutcome> CreateSessionAsync(NewSessionModel model, CancellationToken ct);

    /// <summary>Runs a cmd; <paramref name="progress"/> hears each action (message, url) as it completes, off the render thread.</summary>
    Task<StepOutcome> StepAsync(string tenantId, string sessionId, string cmd, Action<string, string>? progress, CancellationToken ct);

    Task<RetrieveResult> RetrieveAsync(string tenantId, string sessionId, RetrieveModel model, CancellationToken ct);

    /// <summary>"Detect": a schema proposed from the best structure on the session's current page (<see cref="SchemaDetector"/>).</summary>
    Task<SchemaProposal> DetectSchemaAsync(string tenantId, string sessionId, bool renderJs, CancellationToken ct);

    Task RenewAsync(string tenantId, string sessionId, CancellationToken ct);

    Task CloseAsync(string tenantId, string sessionId, CancellationToken ct);

    /// <summary>Takes a screenshot now (live sessions only) and answers its id.</summary>
    Task<string> ScreenshotNowAsync(string tenantId, string sessionId, CancellationToken ct);

    Task<string?> LatestScreenshotAsync(string tenantId, string sessionId, CancellationToken ct);

    /// <summary>A signed link to a screenshot that the operator's browser can load.</summary>
    string ScreenshotUrl(string baseUri, string screenshotId);

    Task<IReadOnlyList<ApiKeyView>> ListKeysAsync(CancellationToken ct);

    /// <summary>Creates a key and answers the plain key, to be shown once.</summary>
    Task<string> CreateKeyAsync(string tenantId, string? label, CancellationToken ct);

    Task<bool> RevokeKeyAsync(int keyId, CancellationToken ct);

    EngineHealth GetEngineHealth();

    /// <summary>The configured hosted upstreams: circuit state, since when, last failure, last billing error.</summary>
    IReadOnlyList<Upstream.UpstreamStatus> GetUpstreams();

    /// <summary>Every attempt of every call made to the session's upstream, oldest first (empty for a local session).</summary>
    Task<IReadOnlyList<UpstreamAttemptRecord>> GetUpstreamAttemptsAsync(string sessionId, CancellationToken ct);

    /// <summary>Every tenant's saved browser profiles (operators see all), by tenant then name.</summary>
    Task<IReadOnlyList<OpsDashboard.Web.Profiles.ProfileView>> ListProfilesAsync(CancellationToken ct);

    Task DeleteProfileAsync(string tenantId, string profileId, CancellationToken ct);

    /// <summary>Saves a live session's browser state to the named profile (new or existing) now.</summary>
    Task<OpsDashboard.Web.Profiles.ProfileView> SaveToProfileAsync(string tenantId, string sessionId, string profileName, CancellationToken ct);

    /// <summary>The profile a session was started from, if any.</summary>
    Task<SessionProfileView?> GetSessionProfileAsync(string sessionId, CancellationToken ct);
}
