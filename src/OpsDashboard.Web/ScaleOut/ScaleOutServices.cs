using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Events;
using StackExchange.Redis;

namespace OpsDashboard.Web.ScaleOut;

/// <summary>
/// More than one node (docs/scale-out.md): with PostgreSQL (<c>Ops:Database:Provider = postgres</c>)
/// the node registers itself, stamps its sessions and counts tenant quotas in the database; with
/// <c>ConnectionStrings:Redis</c> the SignalR Redis backplane and the shared event stream are on.
/// Nothing of it is registered on the embedded SQLite default.
/// </summary>
public static class ScaleOutServices
{
    public const string RedisConnectionName = "Redis";

    public static void AddOpsScaleOut(this WebApplicationBuilder builder, DataDirectory data)
    {
        var services = builder.Services;
        services.Configure<NodeOptions>(builder.Configuration.GetSection(NodeOptions.Section));
        if (OpsDatabase.ProviderFrom(builder.Configuration) == DatabaseProvider.Postgres)
        {
            var options = builder.Configuration.GetSection(NodeOptions.Section).Get<NodeOptions>() ?? new NodeOptions();
            var id = string.IsNullOrWhiteSpace(options.Id) ? StableNodeId(data) : options.Id.Trim();
            services.AddSingleton(new NodeIdentity(id, string.IsNullOrWhiteSpace(options.Address) ? null : options.Address.TrimEnd('/')));
            services.AddSingleton<NodeDirectory>();
            services.AddSingleton<TenantSessionSlots>();
            services.AddSingleton<NodeForwarding>();
            services.AddHostedService<NodeRegistry>();
        }
        var redis = builder.Configuration.GetConnectionString(RedisConnectionName);
        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisOptions(redis)));
            services.AddSignalR().AddStackExchangeRedis(o =>
            {
                o.Configuration = RedisOptions(redis);
                o.Configuration.ChannelPrefix = RedisChannel.Literal("opsdash-signalr");
            });
            services.AddSingleton(sp => new RedisEventStream(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<OpsEventBus>(),
                sp.GetService<NodeIdentity>(), sp.GetRequiredService<ILogger<RedisEventStream>>()));
            services.AddHostedService(sp => sp.GetRequiredService<RedisEventStream>());
        }
    }

    /// <summary>The response header naming the node that answered (scale-out only): which node a router sent a call to, for operators and tests.</summary>
    public const string NodeHeader = "X-OpsDash-Node";

    /// <summary>With a shared database, every answer names this node in <see cref="NodeHeader"/>; nothing on a single SQLite node.</summary>
    public static void UseOpsNodeHeader(this WebApplication app)
    {
        if (app.Services.GetService<NodeIdentity>() is not { } node)
        {
            return;
        }
        app.Use((context, next) =>
        {
            context.Response.Headers[NodeHeader] = node.Id;
            return next(context);
        });
    }

    private static ConfigurationOptions RedisOptions(string connection)
    {
        var o = ConfigurationOptions.Parse(connection);
        // Start even while Redis is down (events then stay on this node, docs/scale-out.md); reconnect by itself.
        o.AbortOnConnectFail = false;
        // While it is down, a command fails at once instead of waiting in the backlog for the sync
        // timeout (5 s): a step publishes several events, and each would wait (seen as 15 s steps).
        o.BacklogPolicy = BacklogPolicy.FailFast;
        return o;
    }

    /// <summary>A node id made once and kept in the data directory, so a restarted node is the same node.</summary>
    private static string StableNodeId(DataDirectory data)
    {
        var path = Path.Combine(data.Root, "node-id");
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } existing)
        {
            return existing;
        }
        var id = "node_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5));
        File.WriteAllText(path, id);
        return id;
    }
}
