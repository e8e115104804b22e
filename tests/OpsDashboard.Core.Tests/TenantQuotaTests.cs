using OpsDashboard.Core.Sessions;

namespace OpsDashboard.Core.Tests;

public class TenantQuotaTests
{
    // 10:17:42 at +02:00 is 08:17:42 UTC.
    private static readonly DateTimeOffset _now = new(2025, 3, 4, 10, 17, 42, TimeSpan.FromHours(2));

    [Fact]
    public void Default_Is20SessionsAnd5000StepsPerHour()
    {
        Assert.Equal(20, TenantQuota.Default.MaxConcurrentSessions);
        Assert.Equal(5000, TenantQuota.Default.MaxStepsPerPeriod);
        Assert.Equal(TimeSpan.FromHours(1), TenantQuota.Default.Period);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void CheckNewSession_BelowTheLimit_ReturnsNull(int live) =>
        Assert.Null(new TenantQuota(2, 10, TimeSpan.FromHours(1)).CheckNewSession(live));

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void CheckNewSession_AtOrAboveTheLimit_NamesTheLimitAndTheOpenCount(int live)
    {
        var message = new TenantQuota(2, 10, TimeSpan.FromHours(1)).CheckNewSession(live);

        Assert.NotNull(message);
        Assert.StartsWith("Quota reached:", message, StringComparison.Ordinal);
        Assert.Contains("at most 2 concurrent sessions", message, StringComparison.Ordinal);
        Assert.Contains($"has {live} open", message, StringComparison.Ordinal);
        Assert.Contains("DELETE /v1/web/session/{session_id}", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void CheckStep_BelowTheLimit_ReturnsNull(long used) =>
        Assert.Null(new TenantQuota(2, 3, TimeSpan.FromHours(1)).CheckStep(used, _now));

    [Fact]
    public void CheckStep_AtTheLimit_NamesTheLimitThePeriodAndTheResetTime()
    {
        var message = new TenantQuota(2, 3, TimeSpan.FromHours(1)).CheckStep(3, _now);

        Assert.NotNull(message);
        Assert.Contains("may run 3 steps per 1 hour", message, StringComparison.Ordinal);
        Assert.EndsWith("The step quota resets at 2025-03-04T09:00:00Z.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckStep_DailyPeriod_ResetsAtTheNextUtcMidnight()
    {
        var message = new TenantQuota(2, 100, TimeSpan.FromDays(1)).CheckStep(250, _now);

        Assert.NotNull(message);
        Assert.Contains("per 24 hours", message, StringComparison.Ordinal);
        Assert.Contains("resets at 2025-03-05T00:00:00Z", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ZeroOrNegativeLimits_MeanUnlimited(int limit)
    {
        var quota = new TenantQuota(limit, limit, TimeSpan.FromHours(1));

        Assert.Null(quota.CheckNewSession(1_000_000));
        Assert.Null(quota.CheckStep(long.MaxValue, _now));
    }

    [Fact]
    public void PeriodStart_HourlyPeriod_IsTheTopOfTheUtcHour()
    {
        var start = new TenantQuota(1, 1, TimeSpan.FromHours(1)).PeriodStart(_now);

        Assert.Equal(new DateTimeOffset(2025, 3, 4, 8, 0, 0, TimeSpan.Zero), start);
        Assert.Equal(TimeSpan.Zero, start.Offset);
    }

    [Fact]
    public void PeriodEnd_IsPeriodStartPlusOnePeriod()
    {
        var quota = new TenantQuota(1, 1, TimeSpan.FromMinutes(15));

        Assert.Equal(new DateTimeOffset(2025, 3, 4, 8, 15, 0, TimeSpan.Zero), quota.PeriodStart(_now));
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 8, 30, 0, TimeSpan.Zero), quota.PeriodEnd(_now));
    }

    [Fact]
    public void PeriodStart_ExactlyOnABoundary_StartsANewPeriod()
    {
        var quota = new TenantQuota(1, 1, TimeSpan.FromHours(1));
        var boundary = new DateTimeOffset(2025, 3, 4, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal(boundary, quota.PeriodStart(boundary));
        Assert.Equal(boundary.AddHours(1), quota.PeriodEnd(boundary));
        Assert.Equal(boundary.AddHours(-1), quota.PeriodStart(boundary.AddTicks(-1)));
    }

    [Fact]
    public void PeriodStart_DailyPeriod_IsUtcMidnight()
    {
        var quota = new TenantQuota(1, 1, TimeSpan.FromDays(1));
        var lateEvening = new DateTimeOffset(2025, 3, 4, 23, 30, 0, TimeSpan.FromHours(-5)); // 04:30 UTC on the 5th

        Assert.Equal(new DateTimeOffset(2025, 3, 5, 0, 0, 0, TimeSpan.Zero), quota.PeriodStart(lateEvening));
        Assert.Equal(new DateTimeOffset(2025, 3, 6, 0, 0, 0, TimeSpan.Zero), quota.PeriodEnd(lateEvening));
    }

    [Fact]
    public void PeriodStart_SameInstantInDifferentOffsets_GivesTheSameWindow()
    {
        var quota = new TenantQuota(1, 1, TimeSpan.FromHours(1));

        Assert.Equal(quota.PeriodStart(_now.ToUniversalTime()), quota.PeriodStart(_now));
        Assert.Equal(quota.PeriodStart(_now.ToOffset(TimeSpan.FromHours(-7))), quota.PeriodStart(_now));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public void PeriodArithmetic_NonPositivePeriod_FallsBackToOneHour(int periodMinutes)
    {
        var quota = new TenantQuota(1, 1, TimeSpan.FromMinutes(periodMinutes));

        Assert.Equal(new DateTimeOffset(2025, 3, 4, 8, 0, 0, TimeSpan.Zero), quota.PeriodStart(_now));
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 9, 0, 0, TimeSpan.Zero), quota.PeriodEnd(_now));
    }
}
