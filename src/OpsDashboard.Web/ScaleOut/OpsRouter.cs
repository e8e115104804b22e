using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Data;
using Yarp.ReverseProxy.Forwarder;

namespace OpsDashboard.Web.ScaleOut;

/// <summary>
/// The front door for several nodes (<c>Ops:Mode = router</c>, docs/scale-out.md), built on YARP's
/// forwarder: a create, or a browse/retrieve without <c>session_id</c>, goes to the least-loaded
/// live node; every call naming a session (in the path, or <c>session_id</c> in the body) goes to the
/// node that holds it. A session whose node is gone is recorded as ended ("the node holding this
/// session stopped at …") and the call is answered by a live node, which says so in its 404. The
/// dashboard, the hub and everything else go to any live node, the same one per browser (a cookie).
/// </summary>
public static partial class OpsRouter
{
    public const string ModeKey = "Ops:Mode";
    private const string AffinityCookie = "opsdash_node";

    public static bool IsRouterMode(IConfiguration configuration) =>
        string.Equals(configuration[ModeKey]?.Trim(), "router", StringComparison.OrdinalIgnoreCase);

    public static WebApplicationBuilder AddOpsRouter(this WebApplicationBuilder builder)
    {
        if (OpsDatabase.ProviderFrom(builder.Configuration) != DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException(
                $"{ModeKey} = router needs the nodes' shared database: set {OpsDatabase.ProviderKey} = postgres and ConnectionStrings:{OpsDatabase.ConnectionName}.");
        }
        var options = builder.Configuration.GetSection(OpsOptions.Section).Get<OpsOptions>() ?? new OpsOptions();
        builder.Services.Configure<NodeOptions>(builder.Configuration.GetSection(NodeOptions.Section));
        builder.Services.AddOpsDatabase(builder.Configuration, new DataDirectory(DataDirectory.PathFrom(builder.Configuration)), options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<NodeDirectory>();
        builder.Services.AddSingleton<RouterState>();
        builder.Services.AddHttpForwarder();
        return builder;
    }

    public static async Task RunOpsRouterAsync(this WebApplication app)
    {
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync())
        {
            await OpsDatabase.MigrateAsync(db, CancellationToken.None);
        }
        var state = app.Services.GetRequiredService<RouterState>();
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        // Before routing: a database fault anywhere (the nodes list, a session or node lookup) is the contract's 503.
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (DatabaseFault.Of(ex) is { } fault && !context.Response.HasStarted)
            {
                // Sessions cannot be looked up: the contract's 503 (the nodes say the same for what they must record).
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = ((int)fault.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteAsJsonAsync(new { statusCode = 503, error = "Service Unavailable", message = $"The router cannot look up where to send this call: {fault.Sentence}. Retry after {fault.RetryAfter.TotalSeconds:0} s." });
            }
        });
        app.UseRouting();
        app.MapGet("/router/nodes", async (NodeDirectory nodes, CancellationToken ct) => Results.Json(await nodes.ListAsync(ct)));
        // Everything else is forwarded: a catch-all endpoint of the lowest order, so /router/nodes above is the router's own
        // (a terminal app.Run ran before the endpoints and forwarded /router/nodes to a node, which answered 404).
        app.MapFallback("{**path}", context => RouteAsync(context, state, forwarder));
        await app.RunAsync();
    }

    private static async Task RouteAsync(HttpContext context, RouterState state, IHttpForwarder forwarder)
    {
        var ct = context.RequestAborted;
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        string? sessionId = SessionInPath().Match(path) is { Success: true } m ? m.Value : null;
        var create = false;
        if (sessionId is null && HttpMethods.IsPost(request.Method) && (path is "/v1/web/browse" or "/v1/web/retrieve" or "/v1/web/session" or "/api/profiles"))
        {
            request.EnableBuffering();
            sessionId = await SessionInBodyAsync(request, ct);
            create = sessionId is null && path != "/api/profiles";
        }
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var target = sessionId is not null ? await state.NodeOfAsync(sessionId, ct)
                : create ? await state.LeastLoadedAsync(ct)
                : await state.StickyAsync(request.Cookies[AffinityCookie], ct);
            if (target is null)
            {
                await NoNodeAsync(context);
                return;
            }
            if (sessionId is null && !create)
            {
                context.Response.Cookies.Append(AffinityCookie, target.Id, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/" });
            }
            if (request.Body.CanSeek)
            {
                request.Body.Position = 0;
            }
            state.Begin(target.Id, create);
            ForwarderError error;
            try
            {
                error = await forwarder.SendAsync(context, target.Address.TrimEnd('/') + "/", state.Client, ForwarderRequestConfig.Empty, HttpTransformer.Default);
            }
            finally
            {
                state.End(target.Id, create);
            }
            if (error == ForwarderError.None || context.Response.HasStarted || ct.IsCancellationRequested)
            {
                return;
            }
            // The node did not answer at all (refused, reset): it is gone. Its sessions end saying so, and the call goes elsewhere.
            if (error is ForwarderError.Request or ForwarderError.RequestTimedOut)
            {
                await state.NodeLostAsync(target.Id, ct);
                context.Response.Clear();
                continue;
            }
            return;
        }
        await NoNodeAsync(context);
    }

    private static async Task NoNodeAsync(HttpContext context)
    {
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        await context.Response.WriteAsJsonAsync(new
        {
            statusCode = 503,
            error = "Service Unavailable",
            message = "No gateway node is live behind this router (none has written a heartbeat recently). Start a node with the same database, or retry later.",
        });
    }

    private static async Task<string?> SessionInBodyAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("session_id", out var id) && id.ValueKind == JsonValueKind.String
                && id.GetString() is { Length: > 0 } s ? s : null;
        }
        catch (JsonException)
        {
            // Not JSON: the node answers the contract's 400/422.
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    [GeneratedRegex(@"(?<=/)sess_[A-Za-z0-9_-]+")]
    private static partial Regex SessionInPath();

    /// <summary>Which nodes are live and how loaded, read from the shared database; creates in flight counted per node.</summary>
    public sealed class RouterState(IDbContextFactory<OpsDbContext> dbf, NodeDirectory nodes, TimeProvider clock, ILogger<RouterState> logger)
    {
        private readonly ConcurrentDictionary<string, int> _creating = new();

        public HttpMessageInvoker Client { get; } = new(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        });

        public void Begin(string node, bool create)
        {
            if (create)
            {
                _creating.AddOrUpdate(node, 1, (_, n) => n + 1);
            }
        }

        public void End(string node, bool create)
        {
            if (create)
            {
                _creating.AddOrUpdate(node, 0, (_, n) => Math.Max(0, n - 1));
            }
        }

        private async Task<List<NodeRecord>> LiveAsync(OpsDbContext db, CancellationToken ct)
        {
            var staleBefore = clock.GetUtcNow() - nodes.StaleAfter;
            return await db.Nodes.AsNoTracking().Where(n => n.StoppedAt == null && n.HeartbeatAt > staleBefore && n.Address != "").ToListAsync(ct);
        }

        /// <summary>The live node with the lowest share of its capacity in use (sessions recorded live plus creates in flight).</summary>
        public async Task<NodeRecord?> LeastLoadedAsync(CancellationToken ct)
        {
            await using var db = await dbf.CreateDbContextAsync(ct);
            var live = await LiveAsync(db, ct);
            if (live.Count == 0)
            {
                return null;
            }
            var ids = live.Select(n => n.Id).ToList();
            var counts = await db.Sessions.AsNoTracking().Where(s => s.NodeId != null && ids.Contains(s.NodeId) && SessionRecord.LiveStatuses.Contains(s.Status))
                .GroupBy(s => s.NodeId!).Select(g => new { Node = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Node, x => x.Count, ct);
            return live.OrderBy(n => (counts.GetValueOrDefault(n.Id) + _creating.GetValueOrDefault(n.Id) + 0.5) / Math.Max(1, n.Capacity))
                .ThenBy(_ => Random.Shared.Next()).First();
        }

        /// <summary>The node named by the affinity cookie while it is live, else any live node.</summary>
        public async Task<NodeRecord?> StickyAsync(string? preferred, CancellationToken ct)
        {
            await using var db = await dbf.CreateDbContextAsync(ct);
            var live = await LiveAsync(db, ct);
            return live.FirstOrDefault(n => n.Id == preferred) ?? (live.Count == 0 ? null : live[Random.Shared.Next(live.Count)]);
        }

        /// <summary>
        /// The live node holding the session; when its node is gone, the session is recorded as ended
        /// first and any live node answers (its 404 says the node stopped); unknown or ended sessions go to any live node.
        /// </summary>
        public async Task<NodeRecord?> NodeOfAsync(string sessionId, CancellationToken ct)
        {
            await using var db = await dbf.CreateDbContextAsync(ct);
            var session = await db.Sessions.AsNoTracking().Where(s => s.Id == sessionId).Select(s => new { s.NodeId, s.Status }).FirstOrDefaultAsync(ct);
            var live = await LiveAsync(db, ct);
            if (session?.NodeId is { } nodeId && SessionRecord.LiveStatuses.Contains(session.Status))
            {
                if (live.FirstOrDefault(n => n.Id == nodeId) is { } holder)
                {
                    return holder;
                }
                var ended = await nodes.MarkStoppedAsync(nodeId, await StoppedAtAsync(db, nodeId, ct), ct);
                logger.LogWarning("Node {Node} is gone: {Count} of its sessions ended", nodeId, ended);
            }
            return live.Count == 0 ? null : live[Random.Shared.Next(live.Count)];
        }

        /// <summary>A node refused or dropped a forwarded call: it is recorded as stopped now and its sessions end.</summary>
        public async Task NodeLostAsync(string nodeId, CancellationToken ct)
        {
            var ended = await nodes.MarkStoppedAsync(nodeId, clock.GetUtcNow(), ct);
            logger.LogWarning("Node {Node} did not answer a forwarded call: recorded as stopped, {Count} of its sessions ended", nodeId, ended);
        }

        /// <summary>When a node that is not live stopped: its recorded stop, else its last heartbeat.</summary>
        private static async Task<DateTimeOffset> StoppedAtAsync(OpsDbContext db, string nodeId, CancellationToken ct)
        {
            var n = await db.Nodes.AsNoTracking().FirstOrDefaultAsync(x => x.Id == nodeId, ct);
            return n?.StoppedAt ?? n?.HeartbeatAt ?? DateTimeOffset.UtcNow;
        }
    }
}
