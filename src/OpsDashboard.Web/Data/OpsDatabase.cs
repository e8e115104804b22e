using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OpsDashboard.Web.Configuration;

namespace OpsDashboard.Web.Data;

/// <summary>Which database holds the registry and history.</summary>
public enum DatabaseProvider
{
    /// <summary>The embedded default: a file in the data directory.</summary>
    Sqlite,

    /// <summary>A shared server, for more than one node.</summary>
    Postgres,
}

/// <summary>
/// The database configuration: <c>Ops:Database:Provider</c> (<c>sqlite</c>, the default, or
/// <c>postgres</c>) and <c>ConnectionStrings:OpsDb</c> (required for postgres; for sqlite it
/// overrides the file in the data directory). Registers <see cref="IDbContextFactory{OpsDbContext}"/>
/// for either, so the rest of the gateway does not know which one it talks to.
/// </summary>
public static class OpsDatabase
{
    public const string ProviderKey = "Ops:Database:Provider";
    public const string ConnectionName = "OpsDb";

    public static DatabaseProvider ProviderFrom(IConfiguration configuration) =>
        (configuration[ProviderKey]?.Trim().ToLowerInvariant()) switch
        {
            null or "" or "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
            var other => throw new InvalidOperationException(
                $"{ProviderKey} is '{other}': use 'sqlite' (the default, a file in the data directory) or 'postgres' (with ConnectionStrings:{ConnectionName})."),
        };

    public static void AddOpsDatabase(this IServiceCollection services, IConfiguration configuration, DataDirectory data, OpsOptions options)
    {
        var provider = ProviderFrom(configuration);
        services.AddSingleton(new OpsDatabaseInfo(provider));
        services.AddSingleton<DatabaseFaultMonitor>();
        services.AddSingleton<DatabaseFaultMonitor.Transactions>();
        var configured = configuration.GetConnectionString(ConnectionName);
        if (provider == DatabaseProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(configured))
            {
                throw new InvalidOperationException(
                    $"{ProviderKey} is 'postgres' but ConnectionStrings:{ConnectionName} is not set, e.g. \"Host=db;Database=opsdash;Username=opsdash;Password=…\".");
            }
            var busySeconds = Math.Max(1, (int)Math.Ceiling(options.DatabaseBusyTimeout.TotalSeconds));
            var cs = new Npgsql.NpgsqlConnectionStringBuilder(configured);
            if (!configured.Contains("Command Timeout", StringComparison.OrdinalIgnoreCase) && !configured.Contains("CommandTimeout", StringComparison.OrdinalIgnoreCase))
            {
                cs.CommandTimeout = Math.Max(busySeconds, 30);
            }
            services.AddDbContextFactory<PostgresOpsDbContext>((sp, o) =>
            {
                o.UseNpgsql(cs.ToString()).AddInterceptors(sp.GetRequiredService<DatabaseFaultMonitor>(), sp.GetRequiredService<DatabaseFaultMonitor.Transactions>());
                if (sp.GetService<ScaleOut.NodeIdentity>() is { } node)
                {
                    // Each new session record names the node whose browser holds it.
                    o.AddInterceptors(new ScaleOut.NodeStamp(node));
                }
            });
            // Everything else asks for OpsDbContext: hand it the PostgreSQL context (its migrations are its own).
            services.AddSingleton<IDbContextFactory<OpsDbContext>>(sp => new Upcast(sp.GetRequiredService<IDbContextFactory<PostgresOpsDbContext>>()));
            services.AddScoped<OpsDbContext>(sp => sp.GetRequiredService<PostgresOpsDbContext>());
            return;
        }
        // A write waits this long for another process's lock, then the request answers 503 (DatabaseFault).
        var seconds = Math.Max(1, (int)Math.Ceiling(options.DatabaseBusyTimeout.TotalSeconds));
        var connection = string.IsNullOrWhiteSpace(configured)
            ? new SqliteConnectionStringBuilder { DataSource = data.DatabasePath, DefaultTimeout = seconds, Pooling = true }.ToString()
            : configured;
        var busyWait = new SqliteBusyWait(options.DatabaseBusyTimeout);
        services.AddDbContextFactory<OpsDbContext>((sp, o) => o.UseSqlite(connection)
            .AddInterceptors(sp.GetRequiredService<DatabaseFaultMonitor>(), sp.GetRequiredService<DatabaseFaultMonitor.Transactions>(), busyWait));
    }

    /// <summary>Applies the provider's migrations (PostgreSQL: under EF Core's migration lock, so nodes starting together take turns).</summary>
    public static async Task MigrateAsync(OpsDbContext db, CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    private sealed class Upcast(IDbContextFactory<PostgresOpsDbContext> inner) : IDbContextFactory<OpsDbContext>
    {
        public OpsDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<OpsDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}

/// <summary>The provider in use (health checks and the overview page say which).</summary>
public sealed record OpsDatabaseInfo(DatabaseProvider Provider)
{
    public bool IsPostgres => Provider == DatabaseProvider.Postgres;
}
