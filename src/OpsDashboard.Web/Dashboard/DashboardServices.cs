using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using MudBlazor.Services;
using OpsDashboard.Core.Extraction;
using OpsDashboard.Web.Components;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Hubs;

namespace OpsDashboard.Web.Dashboard;

/// <summary>Composition of the operations dashboard (Blazor Server + MudBlazor), its sign-in and the <c>/hubs/ops</c> hub.</summary>
public static class DashboardServices
{
    public const string HubPolicy = "ops-hub";
    public const string OperatorOrKeyPolicy = "operator-or-key";
    public const string LoginPath = "/login";

    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(DashboardOptions.Section);
        services.Configure<DashboardOptions>(section);
        var options = section.Get<DashboardOptions>() ?? new DashboardOptions();

        services.AddSingleton<LoginTokens>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "opsdash.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = options.SignInLifetime;
                o.SlidingExpiration = true;
                o.LoginPath = LoginPath;
                o.LogoutPath = "/logout";
                o.Events.OnRedirectToLogin = ctx =>
                {
                    // Machines (hub, CSV, API) get a 401, people get the sign-in page.
                    if (ctx.Request.Path.StartsWithSegments("/hubs") || ctx.Request.Path.StartsWithSegments("/api"))
                    {
                        ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return Task.CompletedTask;
                    }
                    ctx.Response.Redirect(ctx.RedirectUri);
                    return Task.CompletedTask;
                };
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(HubPolicy, p => p.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme, ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser())
            .AddPolicy(OperatorOrKeyPolicy, p => p.AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme, ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        services.AddCascadingAuthenticationState();

        // Every dashboard input has a maxlength that fits this (DashboardLimits), so typing or pasting never drops the circuit.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = DashboardLimits.CircuitMaxReceiveBytes);
        // Serve the packages' assets (_content/MudBlazor, _content/BlazorMonaco, _framework) from the build output's
        // manifest in every environment, not only Development: `dotnet run -c Release` is how the README starts the app.
        // A published app has them copied into wwwroot instead, and this is then a no-op.
        builder.WebHost.UseStaticWebAssets();
        services.AddMudServices(c =>
        {
            c.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            c.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        services.AddSignalR();

        services.AddSingleton<IDashboardClient, DashboardClient>();
        services.AddSingleton<DashboardTicker>();
        services.AddSingleton(new DashboardUiOptions());
        services.AddSingleton<OpsStats>();
        services.AddHostedService(sp => sp.GetRequiredService<OpsStats>());
        services.AddSingleton<HubSubscriptions>();
        return builder;
    }

    /// <summary>Sign-in, anti-forgery, the dashboard's pages and static assets, the hub and the CSV download.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        // Http/SecurityHeaders sends the whole policy, frame-ancestors 'self' included, on every response;
        // Blazor's own frame-ancestors header would be a second policy beside it.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        app.MapHub<OpsHub>("/hubs/ops");
        app.MapGet("/api/sessions/{sessionId}/retrievals/{retrievalId:long}.csv", RetrievalCsvAsync)
            .RequireAuthorization(OperatorOrKeyPolicy)
            .RequireRateLimiting(Api.RateLimits.PerKey)
            .WithTags("Dashboard API")
            .WithName("RetrievalCsv")
            .WithSummary("A stored retrieve as CSV (CsvExport: RFC 4180, UTF-8, formulas neutralised); an operator or the session tenant's API key");
        return app;
    }

    /// <summary>
    /// Once the server listens: writes the login link to the data directory (owner-only) and prints it on
    /// the console when <c>Dashboard:PrintLoginLink</c> allows (by default only on a terminal); the log only
    /// says where it went. See <see cref="LoginLink"/>.
    /// </summary>
    public static void PrintLoginLinkWhenStarted(this WebApplication app) => LoginLink.PublishWhenStarted(app);

    private static async Task<IResult> RetrievalCsvAsync(string sessionId, long retrievalId, HttpContext http, IDbContextFactory<OpsDbContext> dbf)
    {
        var tenant = http.User.IsOperator() ? null : http.User.Tenant();
        if (!http.User.IsOperator() && tenant is null)
        {
            return Results.Unauthorized();
        }
        await using var db = await dbf.CreateDbContextAsync(http.RequestAborted);
        var record = await db.Retrievals.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Id == retrievalId && r.SessionId == sessionId && (tenant == null || r.TenantId == tenant), http.RequestAborted);
        if (record is null)
        {
            return Results.Json(new { statusCode = 404, error = "Not Found", message = $"No retrieve {retrievalId} exists for session '{sessionId}'." }, statusCode: 404);
        }
        return Results.Stream(async body =>
        {
            var rows = (JsonNode.Parse(record.RowsJson) as JsonArray ?? []).OfType<JsonObject>().ToList();
            IReadOnlyList<string> columns = [];
            if (record.SchemaJson is { } schema)
            {
                using var doc = JsonDocument.Parse(schema);
                columns = CsvExport.ColumnsFor(doc.RootElement);
            }
            if (columns.Count == 0)
            {
                // A fields-only retrieve: the rows' keys in first-seen order.
                columns = rows.SelectMany(r => r.Select(p => p.Key)).Distinct(StringComparer.Ordinal).ToList();
            }
            await CsvExport.WriteAsync(body, columns, rows, http.RequestAborted);
        }, "text/csv; charset=utf-8", $"{sessionId}-retrieve-{retrievalId}.csv");
    }
}
