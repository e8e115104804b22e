using Microsoft.EntityFrameworkCore;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Api;

/// <summary>The dashboard's own API under <c>/api</c>: session detail, history, lease control. Tenant-scoped by key.</summary>
public static class OpsApi
{
    public static IEndpointRouteBuilder MapOpsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api")
            .WithTags("Dashboard API")
            .AddEndpointFilter<ApiRequestFilter>()
            .AddEndpointFilter<ApiKeyAuth>()
            .RequireRateLimiting(RateLimits.PerKey);

        api.MapGet("/sessions", ListAsync).WithName("SearchSessions").WithSummary("Sessions of the caller's tenant, live and ended, newest first");
        api.MapGet("/sessions/{sessionId}", DetailAsync).WithName("SessionDetail");
        api.MapGet("/sessions/{sessionId}/steps", StepsAsync).WithName("SessionSteps");
        api.MapGet("/sessions/{sessionId}/retrievals", RetrievalsAsync).WithName("SessionRetrievals");
        api.MapPost("/sessions/{sessionId}/renew", RenewAsync).WithName("RenewLease");
        api.MapDelete("/sessions/{sessionId}", KillAsync).WithName("KillSession");
        api.MapGet("/sessions/{sessionId}/upstream-attempts", UpstreamAttemptsAsync).WithName("SessionUpstreamAttempts")
            .WithSummary("Every attempt of every call made to the session's upstream (upstream engine only)");
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, IDbContextFactory<OpsDbContext> dbf, string? status, string? q, int? limit, string? engine)
    {
        var caller = ApiKeyAuth.CallerOf(http);
        await using var db = await dbf.CreateDbContextAsync(http.RequestAborted);
        var query = db.Sessions.AsNoTracking().Where(s => s.TenantId == caller.TenantId);
        if (!string.IsNullOrWhiteSpace(status))
        {
            query = query.Where(s => s.Status == status);
        }
        if (!string.IsNullOrWhiteSpace(engine))
        {
            query = query.Where(s => s.Engine == engine);
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            // Case-insensitive on both providers (SQLite's instr and PostgreSQL's strpos are not): lower() on both sides.
            var needle = q.ToLowerInvariant();
            query = query.Where(s => s.Id.ToLower().Contains(needle) || (s.Holder != null && s.Holder.ToLower().Contains(needle))
                || (s.CurrentUrl != null && s.CurrentUrl.ToLower().Contains(needle)));
        }
        var take = Math.Clamp(limit ?? 100, 1, 1000);
        var rows = await query.OrderByDescending(s => s.CreatedAt).Take(take).ToListAsync(http.RequestAborted);
        return Results.Json(rows.Select(ToView), ApiJson.Wire);
    }

    private static async Task<IResult> DetailAsync(string sessionId, HttpContext http, IDbContextFactory<OpsDbContext> dbf)
    {
        var caller = ApiKeyAuth.CallerOf(http);
        await using var db = await dbf.CreateDbContextAsync(http.RequestAborted);
        var s = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == sessionId && x.TenantId == caller.TenantId, http.RequestAborted);
        return s is null ? NoSuch(sessionId) : Results.Json(ToView(s), ApiJson.Wire);
    }

    private static async Task<IResult> StepsAsync(string sessionId, HttpContext http, IDbContextFactory<OpsDbContext> dbf, ScreenshotStore shots)
    {
        var caller = ApiKeyAuth.CallerOf(http);
        await using var db = await dbf.CreateDbContextAsync(http.RequestAborted);
        if (!await db.Sessions.AnyAsync(x => x.Id == sessionId && x.TenantId == caller.TenantId, http.RequestAborted))
        {
            return NoSuch(sessionId);
        }
        var steps = await db.Steps.AsNoTracking().Where(s => s.SessionId == sessionId).OrderBy(s => s.Seq).ToListAsync(http.RequestAborted);
        var baseUrl = MultiOnApi.BaseUrl(http.Request);
        return Results.Json(steps.Select(s => new
        {
            seq = s.Seq,
            kind = s.Kind,
            cmd = s.Cmd,
            status = s.Status,
            message = s.Message,
            url_before = s.UrlBefore,
            url_after = s.UrlAfter,
            started_at = s.StartedAt,
            finished_at = s.FinishedAt,
            duration_ms = s.DurationMs,
            // Where the step's time went, phase by phase in ms (docs/performance.md); null for older steps.
            phases_ms = s.PhasesJson is null ? (System.Text.Json.JsonElement?)null : System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(s.PhasesJson),
            error = s.Error,
            screenshot = s.ScreenshotId is null ? null : shots.SignedUrl(baseUrl, s.ScreenshotId),
        }), ApiJson.Wire);
    }

    private static async Task<IResult> RetrievalsAsync(string sessionId, HttpContext http, IDbContextFactory<OpsDbContext> dbf)
    {
        var caller = ApiKeyAuth.CallerOf(http);
        await using var db = await dbf.CreateDbContextAsync(http.RequestAborted);
        if (!await db.Sessions.AnyAsync(x => x.Id == sessionId && x.TenantId == caller.TenantId, http.RequestAborted))
        {
            return NoSuch(sessionId);
        }
        var rows = await db.Retrievals.AsNoTracking().Where(r => r.SessionId == sessionId && r.TenantId == caller.TenantId)
            .OrderBy(r => r.Id).Select(r => new { id = r.Id, url = r.Url, row_count = r.RowCount, started_at = r.StartedAt, duration_ms = r.DurationMs })
            .ToListAsync(http.RequestAborted);
        var baseUrl = MultiOnApi.BaseUrl(http.Request);
        return Results.Json(rows.Select(r => new { r.id, r.url, r.row_count, r.started_at, r.duration_ms, csv = $"{baseUrl}/api/sessions/{sessionId}/retrievals/{r.id}.csv" }), ApiJson.Wire);
    }

    private static async Task<IResult> RenewAsync(string sessionId, HttpContext http, SessionService sessions, IDbContextFactory<OpsDbContext> dbf)
    {
        var caller = ApiKeyAuth.CallerOf(http);
        await sessions.RenewAsync(caller.TenantId, sessionId, http.RequestAborted);
        return await DetailAsync(sessionId, http, dbf);
    }

    private static async Task<IResult> KillAsync(string sessionId, HttpContext http, SessionService sessions, IDbContextFactory<OpsDbContext> dbf)
    {
        var caller = ApiKeyAuth.CallerOf(http);
        await sessions.CloseAsync(caller.TenantId, sessionId, "closed from the dashboard API", http.RequestAborted);
        return await DetailAsync(sessionId, http, dbf);
    }

    private static async Task<IResult> UpstreamAttemptsAsync(string sessionId, HttpContext http, IDbContextFactory<OpsDbContext> dbf)
    {
        var caller = ApiKeyAuth.CallerOf(http);
        await using var db = await dbf.CreateDbContextAsync(http.RequestAborted);
        if (!await db.Sessions.AnyAsync(x => x.Id == sessionId && x.TenantId == caller.TenantId, http.RequestAborted))
        {
            return NoSuch(sessionId);
        }
        var rows = await db.UpstreamAttempts.AsNoTracking().Where(a => a.SessionId == sessionId).OrderBy(a => a.Id).ToListAsync(http.RequestAborted);
        return Results.Json(rows.Select(a => new
        {
            upstream = a.Upstream,
            operation = a.Operation,
            request = a.Request,
            upstream_session_id = a.UpstreamSessionId,
            attempt = a.Attempt,
            status_code = a.StatusCode,
            outcome = a.Outcome,
            error = a.Error,
            retry_after_seconds = a.RetryAfterSeconds,
            raw_body = a.RawBody,
            started_at = a.StartedAt,
            duration_ms = a.DurationMs,
        }), ApiJson.Wire);
    }

    private static IResult NoSuch(string id) =>
        ApiErrors.Problem(404, "Not Found", $"No session '{id}' exists for this API key.");

    internal static object ToView(SessionRecord s) => new
    {
        session_id = s.Id,
        tenant = s.TenantId,
        status = s.Status,
        engine = s.Engine,
        holder = s.Holder,
        metadata = s.MetadataJson is null ? null : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(s.MetadataJson),
        created_at = s.CreatedAt,
        last_used_at = s.LastUsedAt,
        lease_expires_at = s.LeaseExpiresAt,
        max_expires_at = s.MaxExpiresAt,
        ended_at = s.EndedAt,
        end_reason = s.EndReason,
        current_url = s.CurrentUrl,
        step_count = s.StepCount,
        width = s.Width,
        height = s.Height,
        last_error = s.LastError,
    };
}
