using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.ScaleOut;

/// <summary>
/// Registers this node in the shared database before the server listens, then every
/// <c>Ops:Node:HeartbeatInterval</c> writes its heartbeat, address and live-session count, and ends
/// the sessions of nodes found stopped (<see cref="NodeDirectory.ReapAsync"/>). On shutdown it
/// records that it stopped.
/// </summary>
public sealed class NodeRegistry(
    IDbContextFactory<OpsDbContext> dbf, NodeIdentity node, NodeDirectory directory, TenantSessionSlots slots, TimeProvider clock,
    IOptions<NodeOptions> nodeOptions, IOptions<OpsOptions> opsOptions, IServiceProvider services, IHostApplicationLifetime lifetime,
    ILogger<NodeRegistry> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await UpsertAsync(started: true, cancellationToken);
        lifetime.ApplicationStarted.Register(() =>
        {
            if (string.IsNullOrEmpty(node.Address))
            {
                node.Address = ListeningAddress();
            }
        });
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var beat = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(nodeOptions.Value.HeartbeatInterval, stoppingToken);
                await UpsertAsync(started: false, stoppingToken);
                var ended = await directory.ReapAsync(node.Id, stoppingToken);
                if (ended > 0)
                {
                    logger.LogWarning("Ended {Count} sessions held by nodes that stopped", ended);
                }
                if (++beat % 30 == 0)
                {
                    await slots.PruneAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Node heartbeat failed: {Error}", ex.Message);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await using var db = await dbf.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            await db.Nodes.Where(n => n.Id == node.Id).ExecuteUpdateAsync(u => u.SetProperty(n => n.StoppedAt, now).SetProperty(n => n.LiveSessions, 0), cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Could not record that node {Node} stopped: {Error}", node.Id, ex.Message);
        }
    }

    private async Task UpsertAsync(bool started, CancellationToken ct)
    {
        await using var db = await dbf.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var live = services.GetService<SessionService>()?.LiveCount ?? 0;
        var record = await db.Nodes.FirstOrDefaultAsync(n => n.Id == node.Id, ct);
        if (record is null)
        {
            record = new NodeRecord { Id = node.Id, Address = node.Address ?? "", StartedAt = now };
            db.Nodes.Add(record);
        }
        if (started)
        {
            record.StartedAt = now;
            record.StoppedAt = null;
        }
        record.Address = node.Address ?? record.Address;
        record.Capacity = opsOptions.Value.NodeCapacity;
        record.LiveSessions = live;
        record.HeartbeatAt = now;
        if (!started && record.StoppedAt is not null)
        {
            // Another node or the router took this node for stopped while it was alive (a long pause): it is back.
            logger.LogWarning("Node {Node} was recorded as stopped at {At}; it is live again (its sessions from before that were ended)", node.Id, record.StoppedAt);
            record.StoppedAt = null;
        }
        await db.SaveChangesAsync(ct);
    }

    private string ListeningAddress()
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var first = addresses.FirstOrDefault() ?? "";
        var host = System.Net.Dns.GetHostName();
        return first.Replace("://+", "://" + host).Replace("://*", "://" + host).Replace("://0.0.0.0", "://" + host).Replace("://[::]", "://" + host).TrimEnd('/');
    }
}

/// <summary>Stamps each new session record with the node that holds it.</summary>
public sealed class NodeStamp(NodeIdentity node) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        foreach (var entry in context.ChangeTracker.Entries<SessionRecord>())
        {
            if (entry.State == EntityState.Added && entry.Entity.NodeId is null)
            {
                entry.Entity.NodeId = node.Id;
            }
        }
    }
}
