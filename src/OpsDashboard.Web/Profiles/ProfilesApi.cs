using OpsDashboard.Core.Api;
using OpsDashboard.Web.Api;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Profiles;

/// <summary>
/// <c>/api/profiles</c>: the caller's saved browser profiles — list, inspect (origins, cookie names
/// and expiry, never values), rename, delete, and save from a live session. Tenant-scoped by key:
/// another tenant's profile answers 404 like an unknown one.
/// </summary>
public static class ProfilesApi
{
    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/profiles")
            .WithTags("Dashboard API")
            .AddEndpointFilter<ApiRequestFilter>()
            .AddEndpointFilter<ApiKeyAuth>()
            .RequireRateLimiting(RateLimits.PerKey);
        api.MapGet("", ListAsync).WithName("ListProfiles").WithSummary("The caller's saved browser profiles");
        api.MapGet("/{profile}", GetAsync).WithName("GetProfile").WithSummary("A profile's origins, cookie names and expiry (never values)");
        api.MapPost("", SaveAsync).WithName("SaveProfile").WithSummary("Save a live session's browser state as a profile: {name, session_id}");
        api.MapPatch("/{profile}", RenameAsync).WithName("RenameProfile").WithSummary("Rename a profile: {name}");
        api.MapDelete("/{profile}", DeleteAsync).WithName("DeleteProfile");
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, ProfileStore store)
    {
        var caller = ApiKeyAuth.CallerOf(http);
        var list = await store.ListAsync(caller.TenantId, http.RequestAborted);
        return Results.Json(list.Select(p => View(p, detail: false)), ApiJson.Wire);
    }

    private static async Task<IResult> GetAsync(string profile, HttpContext http, ProfileStore store)
    {
        var caller = ApiKeyAuth.CallerOf(http);
        return Results.Json(View(await store.GetAsync(caller.TenantId, profile, http.RequestAborted), detail: true), ApiJson.Wire);
    }

    private static async Task<IResult> SaveAsync(HttpContext http, SessionService sessions)
    {
        var body = RequestReader.ForBody(await ApiRequestFilter.ReadBodyAsync(http.Request));
        var name = body.String("name", maxLength: ProfileRequest.MaxLength) ?? body.String("profile", maxLength: ProfileRequest.MaxLength);
        var sessionId = body.String("session_id", required: true, maxLength: 100);
        body.ThrowIfInvalid();
        var caller = ApiKeyAuth.CallerOf(http);
        var saved = await sessions.SaveToProfileAsync(caller.TenantId, sessionId!, name, http.RequestAborted);
        return Results.Json(View(saved, detail: true), ApiJson.Wire);
    }

    private static async Task<IResult> RenameAsync(string profile, HttpContext http, ProfileStore store)
    {
        var body = RequestReader.ForBody(await ApiRequestFilter.ReadBodyAsync(http.Request));
        var name = body.String("name", required: true, maxLength: ProfileRequest.MaxLength);
        body.ThrowIfInvalid();
        var caller = ApiKeyAuth.CallerOf(http);
        return Results.Json(View(await store.RenameAsync(caller.TenantId, profile, name!.Trim(), http.RequestAborted), detail: true), ApiJson.Wire);
    }

    private static async Task<IResult> DeleteAsync(string profile, HttpContext http, ProfileStore store)
    {
        var caller = ApiKeyAuth.CallerOf(http);
        await store.DeleteAsync(caller.TenantId, profile, http.RequestAborted);
        return Results.Json(new { deleted = profile }, ApiJson.Wire);
    }

    internal static object View(ProfileView p, bool detail) => detail
        ? new
        {
            profile_id = p.Id,
            name = p.Name,
            size_bytes = p.SizeBytes,
            origins = p.Origins,
            created_at = p.CreatedAt,
            updated_at = p.UpdatedAt,
            last_used_at = p.LastUsedAt,
            last_saved_from_session = p.LastSavedFromSessionId,
            holder_session = p.HolderSessionId,
            expires_at = p.ExpiresAt,
            cookies = (object)p.Cookies,
            storage = (object)p.OriginDetails,
        }
        : new
        {
            profile_id = p.Id,
            name = p.Name,
            size_bytes = p.SizeBytes,
            origins = p.Origins,
            created_at = p.CreatedAt,
            updated_at = p.UpdatedAt,
            last_used_at = p.LastUsedAt,
            last_saved_from_session = p.LastSavedFromSessionId,
            holder_session = p.HolderSessionId,
            expires_at = p.ExpiresAt,
            cookies = (object)p.Cookies.Count,
            storage = (object)p.OriginDetails.Count,
        };
}

/// <summary>Deletes profiles unused for <c>Ops:ProfileTimeToLive</c>, every ten minutes.</summary>
public sealed class ProfileSweeper(ProfileStore store, TimeProvider clock, ILogger<ProfileSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            do
            {
                try
                {
                    await store.SweepAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Profile sweep failed; retrying on the next tick");
                }
            }
            while (await Task.Delay(Interval, clock, stoppingToken).ContinueWith(t => !t.IsCanceled, TaskScheduler.Default));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
