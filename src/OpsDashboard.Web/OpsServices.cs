using Microsoft.Extensions.Options;
using OpsDashboard.Web.LiveView;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Metrics;
using OpsDashboard.Core.Policy;
using OpsDashboard.Web.Api;
using OpsDashboard.Web.Auth;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Diagnostics;
using OpsDashboard.Web.Engine;
using OpsDashboard.Web.Http;
using OpsDashboard.Web.Practice;
using OpsDashboard.Web.Profiles;
using OpsDashboard.Web.ScaleOut;
using OpsDashboard.Web.Sessions;
using OpsDashboard.Web.Upstream;

namespace OpsDashboard.Web;

/// <summary>Composition of the gateway: one <c>AddXxx</c> for services, one <c>MapXxx</c>/<c>InitializeXxx</c> for the app.</summary>
public static class OpsServices
{
    public static WebApplicationBuilder AddOpsDashboard(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(OpsOptions.Section);
        builder.Services.Configure<OpsOptions>(section);
        builder.Services.AddSingleton<IValidateOptions<OpsOptions>, OpsOptionsValidator>();
        builder.Services.AddOptions<OpsOptions>().ValidateOnStart();
        // Ops:NodeCapacity unset (0): what the memory available at start holds (read once, at the first use of the options).
        builder.Services.PostConfigure<OpsOptions>(o =>
        {
            if (o.NodeCapacity == 0)
            {
                (o.NodeCapacity, o.NodeCapacitySource) = NodeCapacityDefault.Resolve(o.SessionMemoryMiB, MachineMemory.AvailableBytes());
            }
        });
        var options = section.Get<OpsOptions>() ?? new OpsOptions();
        var data = new DataDirectory(DataDirectory.PathFrom(builder.Configuration));
        builder.Services.AddSingleton(data);
        builder.Services.TryAddTimeProvider();

        // SQLite (default, a file in the data directory) or PostgreSQL: Ops:Database:Provider, ConnectionStrings:OpsDb.
        builder.Services.AddOpsDatabase(builder.Configuration, data, options);
        builder.Services.AddSingleton<DeferredWrites>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeferredWrites>());

        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<ScreenshotStore>();
        builder.Services.AddSingleton<OpsMetrics>();
        builder.Services.AddSingleton(new UrlPolicy(options.AllowPrivateNetworks, options.AllowedHosts, options.AllowLoopback));
        builder.Services.AddSingleton<EgressProxy>();
        builder.Services.AddSingleton<NavigationGate>();
        builder.Services.AddSingleton<LocalBrowserEngine>();
        // Sessions run on the local Chromium or a hosted upstream (Ops:Upstreams, Ops:DefaultEngine): the router picks per session.
        builder.Services.AddUpstreamEngines(builder.Configuration);
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LocalBrowserEngine>());
        builder.Services.AddLiveView();
        builder.Services.AddSecretRedaction();
        builder.Services.AddSingleton<OpsDashboard.Web.Events.OpsEventBus>();
        builder.Services.AddSessions();
        builder.AddProfiles();
        builder.Services.AddHostedService<LeaseSweeper>();
        builder.Services.AddSingleton<ApiKeyAuth>();
        builder.Services.AddSingleton<ApiRequestFilter>();
        builder.Services.AddOpsRateLimits(options);
        builder.Services.AddLlmPlanner(options);
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<BrowserHealthCheck>("browser", tags: ["ready"]);

        var otel = builder.Services.AddOpenTelemetry().WithMetrics(m =>
        {
            m.AddMeter(OpsMetrics.MeterName).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddPrometheusExporter();
            if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            {
                m.AddOtlpExporter();
            }
        });
        builder.AddDashboard();
        // More than one node: node registry, shared quotas (PostgreSQL), backplane and event stream (Redis). docs/scale-out.md.
        builder.AddOpsScaleOut(data);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.IncludeScopes = true;
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        return builder;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    /// <summary>Migrates the database, seeds the API key, ends sessions orphaned by a restart.</summary>
    public static async Task InitializeOpsAsync(this WebApplication app)
    {
        var dbf = app.Services.GetRequiredService<IDbContextFactory<OpsDbContext>>();
        await using (var db = await dbf.CreateDbContextAsync())
        {
            await OpsDatabase.MigrateAsync(db, CancellationToken.None);
        }
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        var generated = await keys.SeedAsync(app.Configuration["OPSDASH_API_KEY"], CancellationToken.None);
        if (generated is not null)
        {
            // Printed once: only its hash is stored.
            Console.WriteLine();
            Console.WriteLine("==============================================================================");
            Console.WriteLine(" OpsDashboard generated an API key for tenant 'default' (shown only this once):");
            Console.WriteLine($"   X_MULTION_API_KEY: {generated}");
            Console.WriteLine(" Set OPSDASH_API_KEY to use a key of your own instead.");
            Console.WriteLine("==============================================================================");
            Console.WriteLine();
        }
        var ops = app.Services.GetRequiredService<IOptions<OpsOptions>>().Value;
        app.Logger.LogInformation("This node holds up to {Capacity} live sessions (Ops:NodeCapacity, {How})", ops.NodeCapacity, ops.NodeCapacitySource);
        app.PrintLoginLinkWhenStarted();
        app.RegisterOwnPortsWithUrlPolicy();
        await app.Services.GetRequiredService<SessionService>().RecoverAfterRestartAsync(CancellationToken.None);
        app.RestoreSessionsWhenStarted();
    }

    /// <summary>Once the server listens, its own ports are the loopback endpoints sessions may always open (the practice site).</summary>
    private static void RegisterOwnPortsWithUrlPolicy(this WebApplication app)
    {
        var policy = app.Services.GetRequiredService<UrlPolicy>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.Features
                .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
            var ports = addresses.Select(a => Uri.TryCreate(a.Replace("://+", "://localhost").Replace("://*", "://localhost"), UriKind.Absolute, out var u) ? u.Port : -1)
                .Where(p => p > 0).ToList();
            policy.Self.SetPorts(ports);
            if (!File.Exists(ChromiumPolicyFile.Path))
            {
                app.Logger.LogWarning("Chromium's URL blocklist policy ({Path}) is not installed: file:, chrome:, view-source: and devtools: are still refused by the gateway's own checks; run .ci/prereqs to add that layer.", ChromiumPolicyFile.Path);
            }
        });
    }

    public static WebApplication MapOpsDashboard(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseOpsNodeHeader();
        app.UseApiRouteErrors();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.MapDashboard();
        app.MapOpenApi();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new()
        {
            Predicate = c => c.Tags.Contains("ready"),
            ResponseWriter = HealthReport.WriteAsync,
        });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapMultiOnApi();
        app.MapOpsApi();
        app.MapProfilesApi();
        app.MapPracticeEventLog();
        return app;
    }
}
