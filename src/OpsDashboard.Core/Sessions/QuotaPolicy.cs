namespace OpsDashboard.Core.Sessions;

/// <summary>Per-tenant limits. Zero or less means unlimited.</summary>
public sealed record TenantQuota(int MaxConcurrentSessions, int MaxStepsPerPeriod, TimeSpan Period)
{
    public static TenantQuota Default { get; } = new(20, 5000, TimeSpan.FromHours(1));

    /// <summary>The start of the fixed usage window that contains <paramref name="now"/>.</summary>
    public DateTimeOffset PeriodStart(DateTimeOffset now)
    {
        var ticks = Period.Ticks <= 0 ? TimeSpan.FromHours(1).Ticks : Period.Ticks;
        var utc = now.UtcTicks;
        return new DateTimeOffset(utc - (utc % ticks), TimeSpan.Zero);
    }

    public DateTimeOffset PeriodEnd(DateTimeOffset now) => PeriodStart(now) + (Period.Ticks <= 0 ? TimeSpan.FromHours(1) : Period);

    /// <summary>Null when a new session fits, else the sentence for the 402 answer.</summary>
    public string? CheckNewSession(int liveSessions) =>
        MaxConcurrentSessions > 0 && liveSessions >= MaxConcurrentSessions
            ? $"Quota reached: this tenant may hold at most {MaxConcurrentSessions} concurrent session{(MaxConcurrentSessions == 1 ? "" : "s")} and has {liveSessions} open. " +
              "The quota frees up as soon as one of them is closed (DELETE /v1/web/session/{session_id}) or its lease expires."
            : null;

    /// <summary>Null when one more step fits in the current period, else the sentence for the 402 answer.</summary>
    public string? CheckStep(long stepsThisPeriod, DateTimeOffset now) =>
        MaxStepsPerPeriod > 0 && stepsThisPeriod >= MaxStepsPerPeriod
            ? $"Quota reached: this tenant may run {MaxStepsPerPeriod} step{(MaxStepsPerPeriod == 1 ? "" : "s")} per {LeasePolicy.Describe(Period)} and has used them all. " +
              "The step quota resets at " + PeriodEnd(now).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) + "."
            : null;
}
