using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsDashboard.Core.Engine;

namespace OpsDashboard.Web.Upstream;

/// <summary>Registers the configured upstreams (<c>Ops:Upstreams:{name}</c>), each with its own HttpClient and Polly pipeline, and the engine router.</summary>
public static class UpstreamRegistration
{
    public static IServiceCollection AddUpstreamEngines(this IServiceCollection services, IConfiguration configuration)
    {
        var upstreams = UpstreamOptions.Read(configuration);
        services.TryAddSingleton<UpstreamHealth>();
        services.TryAddSingleton<UpstreamAttemptLog>();
        foreach (var o in upstreams)
        {
            // Handlers run in the order added: the Polly pipeline outside, the attempt recorder inside it (it sees every retry).
            var client = services.AddHttpClient(UpstreamEngine.ClientName(o.Name), c => c.Timeout = Timeout.InfiniteTimeSpan);
            client.AddResilienceHandler("pipeline", (b, context) => UpstreamResilience.Build(b, o, context.ServiceProvider.GetRequiredService<UpstreamHealth>()));
            client.AddHttpMessageHandler(sp => new UpstreamAttemptRecorder(o.Name, sp.GetRequiredService<UpstreamAttemptLog>(),
                    sp.GetRequiredService<UpstreamHealth>(), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton(sp =>
            {
                sp.GetRequiredService<UpstreamHealth>().Register(o);
                return new UpstreamEngine(o, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<UpstreamHealth>(),
                    sp.GetRequiredService<UpstreamAttemptLog>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<UpstreamEngine>>());
            });
        }
        services.AddSingleton<EngineRouter>();
        services.AddSingleton<ISessionEngine>(sp => sp.GetRequiredService<EngineRouter>());
        return services;
    }
}
