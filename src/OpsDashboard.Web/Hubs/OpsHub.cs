using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Events;

namespace OpsDashboard.Web.Hubs;

/// <summary>What a subscribe call answers: the subscription's id (for Unsubscribe) and the bus's last seq at that moment.</summary>
public sealed record SubscriptionInfo(string SubscriptionId, long LastSeq);

/// <summary>
/// <c>/hubs/ops</c>: live events for outside tools. An API key (header <c>X_MULTION_API_KEY</c> or
/// <c>?access_token=</c>) sees its own tenant only; a signed-in operator sees every tenant. Push
/// (<c>Subscribe*</c>, events arrive as <c>event</c> messages) or pull (<c>Stream*</c>, a server stream);
/// both replay what came after <c>afterSeq</c> first, then go live, in seq order without duplicates.
/// See docs/events.md.
/// </summary>
[Authorize(Policy = DashboardServices.HubPolicy)]
public sealed class OpsHub(OpsEventBus bus, HubSubscriptions subscriptions, IDbContextFactory<OpsDbContext> dbFactory) : Hub
{
    /// <summary>All sessions of a tenant: the caller's own for an API key; for an operator the named one, or every tenant when null.</summary>
    public SubscriptionInfo SubscribeTenant(string? tenantId, long? afterSeq) =>
        new(subscriptions.Start(Context.ConnectionId, TenantFilter(tenantId), afterSeq), bus.LastSeq);

    /// <summary>One session's events.</summary>
    public async Task<SubscriptionInfo> SubscribeSession(string sessionId, long? afterSeq) =>
        new(subscriptions.Start(Context.ConnectionId, await SessionFilterAsync(sessionId), afterSeq), bus.LastSeq);

    public bool Unsubscribe(string subscriptionId) => subscriptions.Stop(Context.ConnectionId, subscriptionId);

    /// <summary>The bus's current last seq (a starting point for a later <c>afterSeq</c>).</summary>
    public long LastSeq() => bus.LastSeq;

    /// <summary>Server stream of a tenant's events (see <see cref="SubscribeTenant"/>).</summary>
    public async IAsyncEnumerable<OpsEvent> StreamTenant(string? tenantId, long? afterSeq, [EnumeratorCancellation] CancellationToken ct)
    {
        using var feed = new OrderedFeed(bus, TenantFilter(tenantId), afterSeq);
        await foreach (var e in feed.ReadAllAsync(ct))
        {
            yield return e;
        }
    }

    /// <summary>Server stream of one session's events.</summary>
    public async IAsyncEnumerable<OpsEvent> StreamSession(string sessionId, long? afterSeq, [EnumeratorCancellation] CancellationToken ct)
    {
        using var feed = new OrderedFeed(bus, await SessionFilterAsync(sessionId), afterSeq);
        await foreach (var e in feed.ReadAllAsync(ct))
        {
            yield return e;
        }
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        subscriptions.StopAll(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    private Func<OpsEvent, bool> TenantFilter(string? tenantId)
    {
        if (Context.User.IsOperator())
        {
            return string.IsNullOrWhiteSpace(tenantId) ? _ => true : e => e.TenantId == tenantId;
        }
        var own = Context.User.Tenant() ?? throw new HubException("This connection has no tenant.");
        if (!string.IsNullOrWhiteSpace(tenantId) && tenantId != own)
        {
            throw new HubException($"This API key belongs to tenant '{own}'; it cannot subscribe to tenant '{tenantId}'.");
        }
        return e => e.TenantId == own;
    }

    private async Task<Func<OpsEvent, bool>> SessionFilterAsync(string sessionId)
    {
        var own = Context.User.IsOperator() ? null : Context.User.Tenant() ?? throw new HubException("This connection has no tenant.");
        await using var db = await dbFactory.CreateDbContextAsync(Context.ConnectionAborted);
        var tenant = await db.Sessions.AsNoTracking().Where(s => s.Id == sessionId).Select(s => s.TenantId).FirstOrDefaultAsync(Context.ConnectionAborted);
        if (tenant is null || (own is not null && tenant != own))
        {
            throw new HubException($"No session '{sessionId}' exists for this API key.");
        }
        return e => e.SessionId == sessionId && e.TenantId == tenant;
    }
}
