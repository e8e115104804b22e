using System.Threading.RateLimiting;
using OpsDashboard.Web.Auth;
using OpsDashboard.Web.Configuration;

namespace OpsDashboard.Web.Api;

/// <summary>
/// Request rate limits (429 with Retry-After in the contract's error shape): <c>Ops:RateLimitPerSecond</c>
/// per API key on <c>/v1/web</c> and <c>/api</c>, and <c>Ops:AuthFailuresPerMinute</c> missing or
/// unknown keys per client address (<see cref="ApiKeyGate"/>).
/// </summary>
public static class RateLimits
{
    public const string PerKey = "per-key";

    public static IServiceCollection AddOpsRateLimits(this IServiceCollection services, OpsOptions options)
    {
        services.AddSingleton<ApiKeyGate>();
        services.AddRateLimiter(o =>
        {
            // A partition per key that has authenticated (it is in the key cache), otherwise per client
            // address: never per presented key, or every wrong key would hold a limiter of its own.
            o.AddPolicy(PerKey, http => RateLimitPartition.GetFixedWindowLimiter(
                http.RequestServices.GetRequiredService<ApiKeyStore>().FindCached(ApiKeyAuth.ReadKey(http.Request)) is { } caller
                    ? "key:" + caller.KeyId
                    : "address:" + ClientAddress.Of(http),
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
                    $"Rate limit reached: at most {options.RateLimitPerSecond} requests per second per API key (Ops:RateLimitPerSecond). " +
                    $"Retry after {ApiKeyGate.Seconds(retry)} s.",
                    retry).ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }
}
