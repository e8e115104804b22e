using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OpsDashboard.Web.Data;

/// <summary>
/// The registry and history. Short-lived: create one per unit of work through the factory. On
/// PostgreSQL the instances are <see cref="PostgresOpsDbContext"/> (same model, its own migrations).
/// </summary>
public class OpsDbContext : DbContext, IDataProtectionKeyContext
{
    public OpsDbContext(DbContextOptions<OpsDbContext> options) : base(options)
    {
    }

    /// <summary>For a provider-specific subclass that keeps its own migration set.</summary>
    protected OpsDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<TenantRecord> Tenants => Set<TenantRecord>();
    public DbSet<ApiKeyRecord> ApiKeys => Set<ApiKeyRecord>();
    public DbSet<SessionRecord> Sessions => Set<SessionRecord>();
    public DbSet<StepRecord> Steps => Set<StepRecord>();
    public DbSet<ScreenshotRecord> Screenshots => Set<ScreenshotRecord>();
    public DbSet<RetrievalRecord> Retrievals => Set<RetrievalRecord>();
    public DbSet<UsageRecord> Usage => Set<UsageRecord>();
    public DbSet<ProfileRecord> Profiles => Set<ProfileRecord>();
    public DbSet<SessionStateRecord> SessionStates => Set<SessionStateRecord>();
    /// <summary>Every attempt of every call to a hosted upstream (the upstream engine).</summary>
    public DbSet<UpstreamAttemptRecord> UpstreamAttempts => Set<UpstreamAttemptRecord>();
    /// <summary>The gateway nodes sharing this database (scale-out, docs/scale-out.md).</summary>
    public DbSet<NodeRecord> Nodes => Set<NodeRecord>();
    /// <summary>Concurrent-session quota slots, taken across nodes (scale-out).</summary>
    public DbSet<SessionSlotRecord> SessionSlots => Set<SessionSlotRecord>();
    /// <summary>The Data Protection key ring that encrypts profiles and session states, kept with the data.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset; store UTC ticks so "ORDER BY created_at" works.
        // PostgreSQL stores the same bigint ticks, so raw SQL and comparisons mean the same on both.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<TenantRecord>().HasKey(t => t.Id);
        b.Entity<ApiKeyRecord>(e =>
        {
            e.HasIndex(k => k.KeyHash).IsUnique();
            e.HasIndex(k => k.TenantId);
        });
        b.Entity<SessionRecord>(e =>
        {
            e.HasKey(s => s.Id);
            e.HasIndex(s => new { s.TenantId, s.Status });
            e.HasIndex(s => s.Status);
            e.HasIndex(s => s.CreatedAt);
            e.HasIndex(s => new { s.NodeId, s.Status });
        });
        b.Entity<NodeRecord>().HasKey(n => n.Id);
        b.Entity<SessionSlotRecord>(e =>
        {
            e.HasKey(s => s.SessionId);
            e.HasIndex(s => s.TenantId);
        });
        b.Entity<StepRecord>(e =>
        {
            e.HasIndex(s => new { s.SessionId, s.Seq }).IsUnique();
            e.HasIndex(s => s.StartedAt);
        });
        b.Entity<ScreenshotRecord>(e =>
        {
            e.HasKey(s => s.Id);
            e.HasIndex(s => new { s.SessionId, s.CreatedAt });
        });
        b.Entity<RetrievalRecord>().HasIndex(r => r.SessionId);
        b.Entity<UsageRecord>().HasKey(u => new { u.TenantId, u.PeriodStart });
        b.Entity<ProfileRecord>(e =>
        {
            e.HasKey(p => p.Id);
            e.HasIndex(p => new { p.TenantId, p.Name }).IsUnique();
            e.HasIndex(p => p.LastUsedAt);
        });
        b.Entity<SessionStateRecord>().HasKey(s => s.SessionId);
        b.Entity<UpstreamAttemptRecord>(e =>
        {
            e.HasIndex(a => new { a.SessionId, a.StartedAt });
            e.HasIndex(a => new { a.Upstream, a.StartedAt });
        });
    }
}

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC ticks.</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
