using OpsDashboard.Web.Auth;

namespace OpsDashboard.Web.Api;

/// <summary>
/// Endpoint filter: resolves the caller from the API key header or answers 401; 429 once the
/// client address has sent too many missing or unknown keys (see <see cref="ApiKeyGate"/>).
/// </summary>
public sealed class ApiKeyAuth(ApiKeyGate gate) : IEndpointFilter
{
    private const string ItemKey = "ops.caller";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // A step the dashboard on another node forwards for a session held here (ScaleOut/NodeForwarding).
        if (http.RequestServices.GetService<OpsDashboard.Web.ScaleOut.NodeForwarding>()?.CallerOf(http.Request) is { } forwarded)
        {
            http.Items[ItemKey] = forwarded;
            return await next(context);
        }
        var check = await gate.CheckAsync(http, ReadKey(http.Request));
        if (check.LimitedFor is { } retryAfter)
        {
            return ApiErrors.AuthLimited(gate, retryAfter);
        }
        if (check.Caller is not { } caller)
        {
            return ApiErrors.Unauthorized();
        }
        http.Items[ItemKey] = caller;
        return await next(context);
    }

    public static string? ReadKey(HttpRequest request)
    {
        foreach (var name in new[] { ApiKeyStore.HeaderName, "X-MULTION-API-KEY", "X-Api-Key" })
        {
            if (request.Headers.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v))
            {
                return v.ToString();
            }
        }
        return null;
    }

    public static Caller CallerOf(HttpContext http) =>
        http.Items[ItemKey] as Caller ?? throw new InvalidOperationException("ApiKeyAuth filter did not run for this endpoint.");
}
