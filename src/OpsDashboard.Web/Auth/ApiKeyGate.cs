using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using OpsDashboard.Web.Configuration;

namespace OpsDashboard.Web.Auth;

/// <summary>The outcome of checking a presented key: the caller, or why not (unknown key, or 429 for how long).</summary>
public readonly record struct KeyCheck(Caller? Caller, TimeSpan? LimitedFor)
{
    public bool IsLimited => LimitedFor is not null;
}

/// <summary>
/// Where every presented API key is checked (the API's filter, the hub's and CSV's authentication
/// handler, screenshot files). A key in the key cache passes at once. Any other key is looked up,
/// unless its client address has already used up <c>Ops:AuthFailuresPerMinute</c> failed attempts
/// in this minute: then it answers 429 without a lookup. Failures are counted per client address
/// (<see cref="ClientAddress"/>), never per presented key, so a stream of distinct wrong keys costs
/// one small limiter per address, dropped by the limiter once idle. Thread-safe; a singleton.
/// </summary>
public sealed class ApiKeyGate : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ApiKeyStore _keys;
    private readonly PartitionedRateLimiter<string> _failures;

    public ApiKeyGate(ApiKeyStore keys, IOptions<OpsOptions> options)
    {
        _keys = keys;
        FailuresPerMinute = Math.Max(1, options.Value.AuthFailuresPerMinute);
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = FailuresPerMinute, Window = Window, QueueLimit = 0, AutoReplenishment = true }));
    }

    public int FailuresPerMinute { get; }

    /// <summary>Checks <paramref name="key"/> (null or empty counts as a failure too) for the request's client address.</summary>
    public async Task<KeyCheck> CheckAsync(HttpContext http, string? key)
    {
        if (_keys.FindCached(key) is { } known)
        {
            return new KeyCheck(known, null);
        }
        var address = ClientAddress.Of(http);
        using (var probe = _failures.AttemptAcquire(address, 0))
        {
            if (!probe.IsAcquired)
            {
                return new KeyCheck(null, RetryAfter(probe));
            }
        }
        var caller = await _keys.FindAsync(key, http.RequestAborted);
        if (caller is not null)
        {
            return new KeyCheck(caller, null);
        }
        using var failure = _failures.AttemptAcquire(address);
        return new KeyCheck(null, failure.IsAcquired ? null : RetryAfter(failure));
    }

    /// <summary>The 429 message for a limited address.</summary>
    public string LimitedMessage(TimeSpan retryAfter) =>
        $"Too many requests with a missing or unknown API key from this address: at most {FailuresPerMinute} per minute " +
        $"(Ops:AuthFailuresPerMinute). Check the key you send in the X_MULTION_API_KEY header, then retry after {Seconds(retryAfter)} s.";

    internal static int Seconds(TimeSpan t) => Math.Max(1, (int)Math.Ceiling(t.TotalSeconds));

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var ra) && ra > TimeSpan.Zero ? ra : Window;

    public void Dispose() => _failures.Dispose();
}
