namespace OpsDashboard.Core.Sessions;

/// <summary>
/// Lease arithmetic. A lease lasts <see cref="IdleTimeout"/> after the last use and never past the
/// hard cap <see cref="MaxLifetime"/> after creation. Pure: the caller passes the clock's reading.
/// </summary>
public sealed record LeasePolicy(TimeSpan IdleTimeout, TimeSpan MaxLifetime)
{
    public static LeasePolicy Default { get; } = new(TimeSpan.FromMinutes(10), TimeSpan.FromHours(2));

    public LeaseTimes Start(DateTimeOffset now)
    {
        var max = now + MaxLifetime;
        return new LeaseTimes(now, now, Min(now + IdleTimeout, max), max);
    }

    /// <summary>A step renews the lease from <paramref name="now"/>, capped by the session's hard limit.</summary>
    public LeaseTimes Renew(LeaseTimes current, DateTimeOffset now) =>
        current with { LastUsedAt = now, LeaseExpiresAt = Min(now + IdleTimeout, current.MaxExpiresAt) };

    /// <summary>Why a lease is over at <paramref name="now"/>, or null while it still runs.</summary>
    public LeaseEnd? Check(LeaseTimes lease, DateTimeOffset now)
    {
        if (now >= lease.MaxExpiresAt)
        {
            return new LeaseEnd(lease.MaxExpiresAt,
                $"reached its maximum lifetime of {Describe(MaxLifetime)}");
        }
        if (now >= lease.LeaseExpiresAt)
        {
            return new LeaseEnd(lease.LeaseExpiresAt,
                $"idle for {Describe(IdleTimeout)} without a step (lease expired)");
        }
        return null;
    }

    public static string Describe(TimeSpan span)
    {
        if (span.TotalHours >= 1 && span.TotalMinutes % 60 == 0)
        {
            var h = (int)span.TotalHours;
            return h == 1 ? "1 hour" : $"{h} hours";
        }
        if (span.TotalMinutes >= 1 && span.TotalSeconds % 60 == 0)
        {
            var m = (int)span.TotalMinutes;
            return m == 1 ? "1 minute" : $"{m} minutes";
        }
        var s = Math.Round(span.TotalSeconds, 1);
        return s == 1 ? "1 second" : s.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " seconds";
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}

/// <summary>The four instants of a lease.</summary>
public sealed record LeaseTimes(
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUsedAt,
    DateTimeOffset LeaseExpiresAt,
    DateTimeOffset MaxExpiresAt);

/// <summary>When and why a lease ended.</summary>
public sealed record LeaseEnd(DateTimeOffset At, string Reason);
