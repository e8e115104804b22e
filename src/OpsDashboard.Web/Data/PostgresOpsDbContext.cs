using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OpsDashboard.Web.Data;

/// <summary>
/// <see cref="OpsDbContext"/> on PostgreSQL (<c>Ops:Database:Provider = postgres</c>): the same model,
/// with its own migration set in <c>Data/Migrations/Postgres</c> (EF Core finds a context's migrations
/// by its type). Code everywhere else asks for <see cref="OpsDbContext"/>.
/// </summary>
public sealed class PostgresOpsDbContext(DbContextOptions<PostgresOpsDbContext> options) : OpsDbContext(options);

/// <summary>Lets <c>dotnet ef migrations add --context PostgresOpsDbContext</c> build the model without a server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresOpsDbContext>
{
    public PostgresOpsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresOpsDbContext>().UseNpgsql("Host=localhost;Database=opsdash_design").Options);
}
