using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using OpsDashboard.Core.Api;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Api;

/// <summary>The MultiOn Agent API V1 wire format under <c>/v1/web</c> (see docs/api.md).</summary>
public static class MultiOnApi
{
    public static IEndpointRouteBuilder MapMultiOnApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/web")
            .WithTags("MultiOn-compatible API")
            .AddEndpointFilter<ApiRequestFilter>()
            .AddEndpointFilter<ApiKeyAuth>()
            .RequireRateLimiting(RateLimits.PerKey);

        api.MapPost("/session", CreateAsync).WithName("CreateSession").WithSummary("Open a new browser session");
        api.MapPost("/session/{sessionId}", StepAsync).WithName("StepSession").WithSummary("Run the next cmd in a session (stream: true for server-sent events)");
        api.MapDelete("/session/{sessionId}", CloseAsync).WithName("CloseSession").WithSummary("Close a session and release its browser");
        api.MapGet("/screenshot/{sessionId}", ScreenshotAsync).WithName("Screenshot").WithSummary("Take a screenshot of the session's page now");
        api.MapGet("/sessions", List).WithName("ListSessions").WithSummary("The caller's live session ids");
        api.MapPost("/browse", BrowseAsync).WithName("Browse").WithSummary("Create or continue a session and step until the agent stops");
        api.MapPost("/retrieve", RetrieveAsync).WithName("Retrieve").WithSummary("Read data off the session's page");

        // Screenshot files: the owning tenant's key, or a signed link (no key needed until it expires).
        app.MapGet("/v1/web/screenshots/{file}", ScreenshotFileAsync).WithTags("MultiOn-compatible API")
            .WithName("ScreenshotFile").AddEndpointFilter<ApiRequestFilter>();
        return app;
    }

    internal static string BaseUrl(HttpRequest r) => $"{r.Scheme}://{r.Host}{r.PathBase}";

    private static string ScreenshotUrl(HttpRequest r, ScreenshotStore store, string? id) =>
        id is null ? "" : store.SignedUrl(BaseUrl(r), id);

    private static async Task<IResult> CreateAsync(HttpContext http, SessionService sessions, ScreenshotStore shots)
    {
        var request = CreateSessionRequest.Parse(await ApiRequestFilter.ReadBodyAsync(http.Request));
        var caller = ApiKeyAuth.CallerOf(http);
        var outcome = await sessions.CreateAsync(caller.TenantId, request.Url ?? sessions.StartPage(BaseUrl(http.Request)),
            request.BrowserParams?.Width, request.BrowserParams?.Height, request.IncludeScreenshot, request.Labels, http.RequestAborted, request.Profile);
        return Results.Json(new
        {
            status = outcome.Status,
            message = outcome.Message,
            session_id = outcome.SessionId,
            url = outcome.Url,
            screenshot = ScreenshotUrl(http.Request, shots, outcome.ScreenshotId),
        }, ApiJson.Wire);
    }

    private static async Task<IResult> StepAsync(string sessionId, HttpContext http, StepRunner steps, ScreenshotStore shots)
    {
        var request = StepRequest.Parse(await ApiRequestFilter.ReadBodyAsync(http.Request));
        var caller = ApiKeyAuth.CallerOf(http);
        if (request.Stream)
        {
            return await StreamStepAsync(sessionId, request, http, steps, shots);
        }
        var outcome = await steps.StepAsync(caller.TenantId, sessionId, request, null, http.RequestAborted);
        return Results.Json(new
        {
            status = outcome.Status,
            message = outcome.Message,
            session_id = outcome.SessionId,
            url = outcome.Url,
            screenshot = ScreenshotUrl(http.Request, shots, outcome.ScreenshotId),
            metadata = new { temperature = request.Temperature, step_count = outcome.StepCount, processing_time = outcome.Duration.TotalSeconds },
        }, ApiJson.Wire);
    }

    /// <summary>
    /// Streams a step as server-sent events. Nothing is written until the step is admitted, so a
    /// 404/409/422 still answers as a plain error; after that, progress events, the final event, [DONE].
    /// </summary>
    private static async Task<IResult> StreamStepAsync(string sessionId, StepRequest request, HttpContext http, StepRunner steps, ScreenshotStore shots)
    {
        var caller = ApiKeyAuth.CallerOf(http);
        var events = Channel.CreateUnbounded<(string Message, string Url)>(new UnboundedChannelOptions { SingleReader = true });
        var admitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var step = steps.StepAsync(caller.TenantId, sessionId, request, (msg, at) => { admitted.TrySetResult(); events.Writer.TryWrite((msg, at)); }, http.RequestAborted);
        _ = step.ContinueWith(_ => events.Writer.TryComplete(), TaskScheduler.Default);

        // Wait until the first progress event or the end of the step, whichever is first.
        await Task.WhenAny(admitted.Task, step);
        if (step.IsFaulted && !admitted.Task.IsCompleted)
        {
            await step; // rethrows: the filter turns it into the contract's error body
        }
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        string url = "";
        await foreach (var (message, at) in events.Reader.ReadAllAsync(CancellationToken.None))
        {
            url = at;
            await WriteEventAsync(response, new { type = "event", session_id = sessionId, data = new { delta = new { content = message, url } } });
        }
        try
        {
            var outcome = await step;
            await WriteEventAsync(response, new
            {
                type = "final_event",
                session_id = sessionId,
                screenshot = ScreenshotUrl(http.Request, shots, outcome.ScreenshotId),
                data = new { delta = new { content = outcome.Message, url = outcome.Url, status = outcome.Status } },
            });
        }
        catch (Exception ex) when (ex is ApiProblem or RequestValidationException)
        {
            await WriteEventAsync(response, new
            {
                type = "final_event",
                session_id = sessionId,
                screenshot = "",
                data = new { delta = new { content = ex.Message, url, status = StepStatus.NotSure } },
            });
        }
        await response.WriteAsync("data: [DONE]\n\n", CancellationToken.None);
        await response.Body.FlushAsync(CancellationToken.None);
        return Results.Empty;
    }

    private static async Task WriteEventAsync(HttpResponse response, object payload)
    {
        // One write per event: the SDK decodes each network chunk on its own. The default encoder
        // escapes '[' nowhere, so a literal "[DONE]" inside content is escaped by hand.
        var json = JsonSerializer.Serialize(payload, ApiJson.Wire).Replace("[DONE]", "\\u005BDONE]", StringComparison.Ordinal);
        await response.WriteAsync("data: " + json + "\n\n", Encoding.UTF8, CancellationToken.None);
        await response.Body.FlushAsync(CancellationToken.None);
    }

    private static async Task<IResult> CloseAsync(string sessionId, HttpContext http, SessionService sessions)
    {
        var caller = ApiKeyAuth.CallerOf(http);
        await sessions.CloseAsync(caller.TenantId, sessionId, "closed by the client (DELETE /v1/web/session)", http.RequestAborted);
        return Results.Json(new { status = "closed", session_id = sessionId, message = $"Session {sessionId} is closed and its browser released." }, ApiJson.Wire);
    }

    private static async Task<IResult> ScreenshotAsync(string sessionId, HttpContext http, SessionService sessions, ScreenshotStore shots)
    {
        var caller = ApiKeyAuth.CallerOf(http);
        var id = await sessions.ScreenshotNowAsync(caller.TenantId, sessionId, http.RequestAborted);
        return Results.Json(new { screenshot = ScreenshotUrl(http.Request, shots, id), session_id = sessionId }, ApiJson.Wire);
    }

    private static async Task<IResult> List(HttpContext http, SessionService sessions)
    {
        var caller = ApiKeyAuth.CallerOf(http);
        // Sharing the database with other nodes, the tenant's live sessions on every live node.
        var ids = http.RequestServices.GetService<OpsDashboard.Web.ScaleOut.NodeDirectory>() is { } nodes
            ? await nodes.LiveSessionIdsAsync(caller.TenantId, http.RequestAborted)
            : sessions.ListLive(caller.TenantId);
        return Results.Json(new { session_ids = ids }, ApiJson.Wire);
    }

    private static async Task<IResult> BrowseAsync(HttpContext http, StepRunner steps, ScreenshotStore shots)
    {
        var request = BrowseRequest.Parse(await ApiRequestFilter.ReadBodyAsync(http.Request));
        var caller = ApiKeyAuth.CallerOf(http);
        var outcome = await steps.BrowseAsync(caller.TenantId, request, BaseUrl(http.Request), null, http.RequestAborted);
        return Results.Json(new
        {
            message = outcome.Message,
            status = outcome.Status,
            url = outcome.Url,
            screenshot = ScreenshotUrl(http.Request, shots, outcome.ScreenshotId),
            session_id = outcome.SessionId,
            metadata = new { step_count = outcome.StepCount, processing_time = outcome.Duration.TotalSeconds, temperature = request.Temperature },
        }, ApiJson.Wire);
    }

    private static async Task<IResult> RetrieveAsync(HttpContext http, RetrieveService retrieves, ScreenshotStore shots)
    {
        var request = RetrieveRequest.Parse(await ApiRequestFilter.ReadBodyAsync(http.Request));
        if (request.MaxPagesError is { } maxPagesError)
        {
            throw ApiProblem.BadRequest(maxPagesError);
        }
        var caller = ApiKeyAuth.CallerOf(http);
        var outcome = await retrieves.RetrieveAsync(caller.TenantId, request, BaseUrl(http.Request), http.RequestAborted);
        return Results.Json(new
        {
            message = outcome.Message,
            url = outcome.Url,
            screenshot = ScreenshotUrl(http.Request, shots, outcome.ScreenshotId),
            session_id = outcome.SessionId,
            status = outcome.Status,
            data = outcome.Data,
            retrieval_id = outcome.RetrievalId,
            csv = $"{BaseUrl(http.Request)}/api/sessions/{outcome.SessionId}/retrievals/{outcome.RetrievalId}.csv",
        }, ApiJson.Wire);
    }

    private static async Task<IResult> ScreenshotFileAsync(string file, HttpContext http, ScreenshotStore shots, Auth.ApiKeyGate gate, long? expires, string? sig)
    {
        var id = file.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? file[..^4] : file;
        var found = await shots.FindAsync(id, http.RequestAborted);
        var notFound = ApiErrors.Problem(404, "Not Found", $"No screenshot '{id}' exists for this caller (or its signed link has expired).");
        if (found is null)
        {
            return notFound;
        }
        var signed = expires is { } e && shots.VerifySignature(id, e, sig);
        if (!signed)
        {
            var check = await gate.CheckAsync(http, ApiKeyAuth.ReadKey(http.Request));
            if (check.LimitedFor is { } retryAfter)
            {
                return ApiErrors.AuthLimited(gate, retryAfter);
            }
            if (check.Caller is not { } caller)
            {
                return sig is null ? ApiErrors.Unauthorized() : ApiErrors.Problem(403, "Forbidden", "This signed screenshot link has expired or was altered. Ask for a new one with GET /v1/web/screenshot/{session_id}.");
            }
            if (caller.TenantId != found.Value.Record.TenantId)
            {
                return notFound;
            }
        }
        http.Response.Headers.CacheControl = "private, max-age=300";
        // Step thumbnails are JPEG, screenshots a client asked for PNG: the stored file says which.
        return Results.File(found.Value.FullPath, ScreenshotStore.ContentType(found.Value.FullPath));
    }
}
