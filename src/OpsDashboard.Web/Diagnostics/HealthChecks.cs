using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpsDashboard.Core.Engine;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Data;

namespace OpsDashboard.Web.Diagnostics;

/// <summary>
/// The database answers reads, can take the write lock within a second (another process holding it
/// makes every write wait and fail), the last write did not fail (a full disk shows only on writes),
/// and no record waits to be written.
/// </summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<OpsDbContext> dbf, DataDirectory data, DatabaseFaultMonitor monitor, DeferredWrites deferred,
    OpsDatabaseInfo database)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        int sessions;
        try
        {
            await using var db = await dbf.CreateDbContextAsync(ct);
            sessions = await db.Sessions.CountAsync(ct);
            await ProbeWriteLockAsync(ct);
        }
        catch (Exception ex) when (DatabaseFault.Of(ex) is { } fault)
        {
            return HealthCheckResult.Unhealthy($"Writes fail: {fault.Sentence}. Requests that record something answer 503 until it clears.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database query failed: " + ex.Message);
        }
        if (monitor.Current is { } current)
        {
            return HealthCheckResult.Unhealthy(
                $"The last write failed at {current.At:HH:mm:ss}Z: {current.Fault.Sentence}. Requests that record something answer 503 until it clears.");
        }
        if (deferred.Count > 0)
        {
            return HealthCheckResult.Degraded($"{deferred.Count} records wait to be written to the database.");
        }
        return HealthCheckResult.Healthy($"The database answers ({sessions} sessions recorded).");
    }

    /// <summary>Takes and drops the write lock on a connection of its own that waits at most a second (SQLite; PostgreSQL has no database-wide write lock).</summary>
    private async Task ProbeWriteLockAsync(CancellationToken ct)
    {
        if (database.IsPostgres)
        {
            return;
        }
        var cs = new SqliteConnectionStringBuilder { DataSource = data.DatabasePath, DefaultTimeout = 1, Pooling = false, Mode = SqliteOpenMode.ReadWrite };
        await using var connection = new SqliteConnection(cs.ToString());
        await connection.OpenAsync(ct);
        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
        await begin.ExecuteNonQueryAsync(ct);
    }
}

public sealed class BrowserHealthCheck(ISessionEngine engine) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(engine.UnavailableReason is { } why
            ? HealthCheckResult.Unhealthy(why)
            : HealthCheckResult.Healthy("The browser is running."));
}
