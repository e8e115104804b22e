using Microsoft.Extensions.Options;
using OpsDashboard.Core.Agent;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Dashboard;

namespace OpsDashboard.Web.Diagnostics;

/// <summary>
/// Registers the one <see cref="SecretRedactor"/> of the app, built from every credential in
/// configuration: the agent's sign-in passwords (<c>Ops:Logins</c>), the LLM key (<c>Ops:Llm:ApiKey</c>),
/// the seeded API key (<c>OPSDASH_API_KEY</c>) and a fixed dashboard login token (<c>Dashboard:LoginToken</c>).
/// The session service and the event bus pass everything they record or publish through it.
/// </summary>
public static class SecretRedaction
{
    public static IServiceCollection AddSecretRedaction(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var ops = sp.GetRequiredService<IOptions<OpsOptions>>().Value;
            var dashboard = sp.GetService<IOptions<DashboardOptions>>()?.Value;
            var configuration = sp.GetRequiredService<IConfiguration>();
            return new SecretRedactor(
                ops.Logins.Select(l => l.Password)
                    .Append(ops.Llm.ApiKey)
                    .Append(configuration["OPSDASH_API_KEY"])
                    .Append(dashboard?.LoginToken?.Trim()));
        });
        return services;
    }
}
