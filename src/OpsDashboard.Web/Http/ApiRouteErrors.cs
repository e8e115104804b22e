using Microsoft.AspNetCore.Routing.Template;
using OpsDashboard.Web.Api;

namespace OpsDashboard.Web.Http;

/// <summary>
/// Unknown routes and wrong methods under <c>/v1/web</c> and <c>/api</c> answer in the contract's
/// error shape (404, 405 with <c>Allow</c>) naming the method, the route, the routes that do exist
/// and the docs, instead of routing's empty answers.
/// </summary>
public static class ApiRouteErrors
{
    private static readonly string[] Prefixes = ["/v1/web", "/api"];

    public static IApplicationBuilder UseApiRouteErrors(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        await next(http);
        var status = http.Response.StatusCode;
        if (http.Response.HasStarted || status is not (404 or 405) || Prefix(http.Request.Path) is not { } prefix)
        {
            return;
        }
        if (status == 404 && http.GetEndpoint() is RouteEndpoint own && RouteOf(own).StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase))
        {
            return; // one of this API's routes answered 404 itself (with its own body)
        }
        // Routing's 405 and Allow also count the static-file fallback (GET {**path:file}), so the
        // methods are worked out from this API's own routes.
        var routes = RoutesUnder(http, prefix).ToList();
        var methods = routes.Where(r => r.Matcher.TryMatch(http.Request.Path, [])).SelectMany(r => r.Methods).Distinct().Order(StringComparer.Ordinal).ToList();
        var route = $"{http.Request.Method} {Shorten(http.Request.Path.Value ?? "")}";
        var docs = "See docs/api.md or the OpenAPI document at /openapi/v1.json.";
        IResult result;
        if (methods.Count > 0 && !methods.Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            http.Response.Headers.Allow = string.Join(", ", methods);
            result = ApiErrors.Problem(405, "Method Not Allowed", $"{route} is not supported: this route answers {string.Join(", ", methods)}. {docs}");
        }
        else
        {
            http.Response.Headers.Remove("Allow");
            var known = routes.SelectMany(r => r.Methods.Select(m => $"{m} {r.Route}")).Distinct().Order(StringComparer.Ordinal);
            result = ApiErrors.Problem(404, "Not Found", $"No route {route}. The routes under {prefix} are: {string.Join(", ", known)}. {docs}");
        }
        await result.ExecuteAsync(http);
    });

    private static string? Prefix(PathString path) => Prefixes.FirstOrDefault(p => path.StartsWithSegments(p));

    private static string RouteOf(RouteEndpoint e) => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');

    private static string Shorten(string path) => path.Length <= 200 ? path : path[..200] + "…";

    private static IEnumerable<(string Route, IReadOnlyList<string> Methods, TemplateMatcher Matcher)> RoutesUnder(HttpContext http, string prefix) =>
        http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => (Route: RouteOf(e), e.RoutePattern, Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods))
            .Where(e => e.Route.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase) && e.Methods is { Count: > 0 })
            .Select(e => (e.Route, e.Methods!, new TemplateMatcher(new RouteTemplate(e.RoutePattern), [])));
}
