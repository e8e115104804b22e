using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpsDashboard.Core.Engine;
using OpsDashboard.Web.Data;

namespace OpsDashboard.Web.Diagnostics;

public sealed class DatabaseHealthCheck(IDbContextFactory<OpsDbContext> dbf) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var db = await dbf.CreateDbContextAsync(ct);
            var sessions = await db.Sessions.CountAsync(ct);
            return HealthCheckResult.Healthy($"The database answers ({sessions} sessions recorded).");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database query failed: " + ex.Message);
        }
    }
}

public sealed class BrowserHealthCheck(ISessionEngine engine) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(engine.UnavailableReason is { } why
            ? HealthCheckResult.Unhealthy(why)
            : HealthCheckResult.Healthy("The browser is running."));
}
