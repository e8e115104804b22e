using OpsDashboard.Web.Auth;

namespace OpsDashboard.Web.Api;

/// <summary>Endpoint filter: resolves the caller from the API key header or answers 401.</summary>
public sealed class ApiKeyAuth(ApiKeyStore keys) : IEndpointFilter
{
    private const string ItemKey = "ops.caller";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var caller = await keys.FindAsync(ReadKey(http.Request), http.RequestAborted);
        if (caller is null)
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
