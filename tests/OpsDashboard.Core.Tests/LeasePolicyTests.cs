using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Core.Sessions;

namespace OpsDashboard.Core.Tests;

public class LeasePolicyTests
{
    private static readonly DateTimeOffset _t0 = new(2025, 3, 4, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan _idle = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan _max = TimeSpan.FromHours(2);

    private readonly FakeTimeProvider _clock = new(_t0);
    private readonly LeasePolicy _policy = new(_idle, _max);

    [Fact]
    public void Default_IsTenMinutesIdleAndTwoHoursMax()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), LeasePolicy.Default.IdleTimeout);
        Assert.Equal(TimeSpan.FromHours(2), LeasePolicy.Default.MaxLifetime);
    }

    [Fact]
    public void Start_SetsCreatedAndLastUsedToNowAndBothDeadlines()
    {
        var lease = _policy.Start(_clock.GetUtcNow());

        Assert.Equal(_t0, lease.CreatedAt);
        Assert.Equal(_t0, lease.LastUsedAt);
        Assert.Equal(_t0 + _idle, lease.LeaseExpiresAt);
        Assert.Equal(_t0 + _max, lease.MaxExpiresAt);
    }

    [Fact]
    public void Start_IdleTimeoutLongerThanMaxLifetime_LeaseIsCappedAtTheMax()
    {
        var policy = new LeasePolicy(TimeSpan.FromHours(3), TimeSpan.FromHours(1));

        var lease = policy.Start(_t0);

        Assert.Equal(_t0 + TimeSpan.FromHours(1), lease.LeaseExpiresAt);
        Assert.Equal(lease.MaxExpiresAt, lease.LeaseExpiresAt);
    }

    [Fact]
    public void Renew_ExtendsFromNowNotFromThePreviousExpiry()
    {
        var lease = _policy.Start(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromMinutes(7));

        var renewed = _policy.Renew(lease, _clock.GetUtcNow());

        Assert.Equal(_t0.AddMinutes(7), renewed.LastUsedAt);
        Assert.Equal(_t0.AddMinutes(17), renewed.LeaseExpiresAt);
    }

    [Fact]
    public void Renew_KeepsCreatedAtAndMaxExpiresAt()
    {
        var lease = _policy.Start(_t0);

        var renewed = _policy.Renew(lease, _t0.AddMinutes(5));

        Assert.Equal(lease.CreatedAt, renewed.CreatedAt);
        Assert.Equal(lease.MaxExpiresAt, renewed.MaxExpiresAt);
    }

    [Fact]
    public void Renew_NearTheHardCap_IsCappedAtMaxExpiresAt()
    {
        var lease = _policy.Start(_t0);

        var renewed = _policy.Renew(lease, _t0 + _max - TimeSpan.FromMinutes(3));

        Assert.Equal(_t0 + _max, renewed.LeaseExpiresAt);
    }

    [Fact]
    public void Renew_NeverExtendsPastTheHardCap()
    {
        var lease = _policy.Start(_clock.GetUtcNow());
        for (var i = 0; i < 40; i++)
        {
            _clock.Advance(TimeSpan.FromMinutes(5));
            lease = _policy.Renew(lease, _clock.GetUtcNow());
            Assert.True(lease.LeaseExpiresAt <= lease.MaxExpiresAt);
        }
        Assert.Equal(_t0 + _max, lease.LeaseExpiresAt);
    }

    [Fact]
    public void Check_BeforeEitherDeadline_ReturnsNull()
    {
        var lease = _policy.Start(_t0);

        Assert.Null(_policy.Check(lease, _t0));
        Assert.Null(_policy.Check(lease, _t0 + _idle - TimeSpan.FromTicks(1)));
    }

    [Fact]
    public void Check_AtTheIdleDeadline_EndsWithIdleReasonAtTheLeaseExpiry()
    {
        var lease = _policy.Start(_t0);

        var end = _policy.Check(lease, _t0 + _idle);

        Assert.NotNull(end);
        Assert.Equal(_t0 + _idle, end.At);
        Assert.Equal("idle for 10 minutes without a step (lease expired)", end.Reason);
    }

    [Fact]
    public void Check_LongAfterIdleExpiry_ReportsWhenTheLeaseExpiredNotWhenItWasChecked()
    {
        var lease = _policy.Start(_t0);
        _clock.Advance(TimeSpan.FromMinutes(45));

        var end = _policy.Check(lease, _clock.GetUtcNow());

        Assert.NotNull(end);
        Assert.Equal(_t0.AddMinutes(10), end.At);
        Assert.Contains("idle for 10 minutes", end.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AfterARenewal_TheOldIdleDeadlineNoLongerEndsTheLease()
    {
        var lease = _policy.Start(_t0);
        lease = _policy.Renew(lease, _t0.AddMinutes(8));

        Assert.Null(_policy.Check(lease, _t0.AddMinutes(10)));
        Assert.NotNull(_policy.Check(lease, _t0.AddMinutes(18)));
    }

    [Fact]
    public void Check_AtTheHardCap_EndsWithMaxLifetimeReasonAtMaxExpiresAt()
    {
        var lease = _policy.Start(_clock.GetUtcNow());
        while (_clock.GetUtcNow() < _t0 + _max)
        {
            _clock.Advance(TimeSpan.FromMinutes(4));
            lease = _policy.Renew(lease, _clock.GetUtcNow());
        }

        var end = _policy.Check(lease, _clock.GetUtcNow());

        Assert.NotNull(end);
        Assert.Equal(_t0 + _max, end.At);
        Assert.Equal("reached its maximum lifetime of 2 hours", end.Reason);
    }

    [Fact]
    public void Check_WhenBothDeadlinesHavePassed_MaxLifetimeWins()
    {
        // Idle deadline passed first (10:30), hard cap later (11:00); checked at 12:00.
        var lease = new LeaseTimes(_t0, _t0.AddMinutes(20), _t0.AddMinutes(30), _t0.AddHours(1));

        var end = _policy.Check(lease, _t0.AddHours(2));

        Assert.NotNull(end);
        Assert.Equal(_t0.AddHours(1), end.At);
        Assert.StartsWith("reached its maximum lifetime", end.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ReasonsDescribeThisPolicysOwnDurations()
    {
        var policy = new LeasePolicy(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
        var lease = policy.Start(_t0);

        Assert.Equal("idle for 1 minute without a step (lease expired)", policy.Check(lease, _t0.AddMinutes(1))!.Reason);
        Assert.Equal("reached its maximum lifetime of 1 hour", policy.Check(lease, _t0.AddHours(1))!.Reason);
    }

    [Theory]
    [InlineData(3600, "1 hour")]
    [InlineData(7200, "2 hours")]
    [InlineData(86400, "24 hours")]
    [InlineData(5400, "90 minutes")]
    [InlineData(60, "1 minute")]
    [InlineData(600, "10 minutes")]
    [InlineData(90, "90 seconds")]
    [InlineData(61, "61 seconds")]
    [InlineData(30, "30 seconds")]
    [InlineData(1, "1 second")]
    [InlineData(0, "0 seconds")]
    public void Describe_PicksTheLargestWholeUnit(int seconds, string expected) =>
        Assert.Equal(expected, LeasePolicy.Describe(TimeSpan.FromSeconds(seconds)));
}
