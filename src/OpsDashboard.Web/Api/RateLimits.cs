using System.Threading.RateLimiting;
using OpsDashboard.Web.Configuration;

namespace OpsDashboard.Web.Api;

/// <summary>Per-key request rate limit (429 with Retry-After in the contract's error shape).</summary>
public static class RateLimits
{
    public const string PerKey = "per-key";

    public static IServiceCollection AddOpsRateLimits(this IServiceCollection services, OpsOptions options)
    {
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(PerKey, http => RateLimitPartition.GetFixedWindowLimiter(
                ApiKeyAuth.ReadKey(http.Request) ?? http.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, options.RateLimitPerSecond),
                    Window = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            o.OnRejected = async (ctx, ct) =>
            {
                var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var ra) ? ra : TimeSpan.FromSeconds(1);
                await ApiErrors.Problem(429, "Too Many Requests",
                    $"Rate limit reached: at most {options.RateLimitPerSecond} requests per second per API key. Retry after {Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds))} s.",
                    retry).ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }
}
