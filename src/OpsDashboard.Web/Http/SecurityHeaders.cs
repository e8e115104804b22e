using Microsoft.Net.Http.Headers;

namespace OpsDashboard.Web.Http;

/// <summary>
/// Response headers on every answer (dashboard, API, static files, errors): <c>X-Content-Type-Options: nosniff</c>
/// and a Content-Security-Policy. They are set when the response starts, so an error path that
/// clears the headers still sends them.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The dashboard's policy. Scripts only from this origin (Blazor, MudBlazor, Monaco and
    /// <c>dashboard/opsdash.js</c>; no inline script, no eval), and so Monaco's same-origin language
    /// worker (worker-src falls back to script-src). Styles need <c>'unsafe-inline'</c>: MudBlazor
    /// and Monaco write <c>style</c> attributes and elements at run time. Monaco's stylesheet has
    /// <c>data:</c> images. <c>connect-src 'self'</c> covers Blazor's and the hub's WebSocket on the same host.
    /// <c>frame-ancestors 'self'</c> replaces the one Blazor adds for compressed WebSockets.
    /// </summary>
    public const string DashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    /// <summary>
    /// The built-in practice site stands in for the web the agent browses (inline scripts and styles,
    /// like real sites): only framing is restricted there.
    /// </summary>
    public const string PracticePolicy = "frame-ancestors 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var policy = http.Request.Path.StartsWithSegments("/practice") ? PracticePolicy : DashboardPolicy;
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (!headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = policy;
            }
            return Task.CompletedTask;
        });
        return next(http);
    });
}
