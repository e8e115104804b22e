using System.Text.Json;
using OpsDashboard.Core.Api;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Api;

/// <summary>The contract's error bodies: <c>{statusCode, error, message}</c>, and <c>{detail: [...]}</c> for 422.</summary>
public static class ApiErrors
{
    public static IResult Problem(int status, string error, string message, TimeSpan? retryAfter = null) =>
        new ErrorResult(status, new Dictionary<string, object> { ["statusCode"] = status, ["error"] = error, ["message"] = message }, retryAfter);

    public static IResult From(ApiProblem p) =>
        p.VerbatimBody is { } raw ? new VerbatimResult(p.StatusCode, raw, p.RetryAfter) : Problem(p.StatusCode, p.Error, p.Message, p.RetryAfter);

    /// <summary>An upstream's error body, passed on byte for byte (its 402 reaches the caller as the hosted service wrote it).</summary>
    private sealed class VerbatimResult(int status, string body, TimeSpan? retryAfter) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (retryAfter is { } ra)
            {
                httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(ra.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            httpContext.Response.ContentType = "application/json";
            await httpContext.Response.WriteAsync(body);
        }
    }

    public static IResult Validation(IReadOnlyList<ValidationError> errors) =>
        new ErrorResult(422, new Dictionary<string, object>
        {
            ["detail"] = errors.Select(e => new Dictionary<string, object> { ["loc"] = e.Loc, ["msg"] = e.Msg, ["type"] = e.Type }).ToList(),
        }, null);

    public static IResult Unauthorized() => Problem(401, "Unauthorized",
        "Missing or unknown API key: send your key in the X_MULTION_API_KEY header. " +
        "The key was printed when the gateway first started (or set it with OPSDASH_API_KEY).");

    /// <summary>429 for a client address that sent too many missing or unknown keys.</summary>
    public static IResult AuthLimited(Auth.ApiKeyGate gate, TimeSpan retryAfter) =>
        Problem(429, "Too Many Requests", gate.LimitedMessage(retryAfter), retryAfter);

    /// <summary>Writes an error body with the right status and Retry-After.</summary>
    private sealed class ErrorResult(int status, object body, TimeSpan? retryAfter) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            if (retryAfter is { } ra)
            {
                httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(ra.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            httpContext.Response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(httpContext.Response.Body, body, ApiJson.Wire);
        }
    }
}
