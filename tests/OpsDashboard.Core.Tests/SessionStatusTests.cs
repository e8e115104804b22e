using OpsDashboard.Core.Sessions;

namespace OpsDashboard.Core.Tests;

public class SessionStatusTests
{
    public static TheoryData<SessionStatus, SessionStatus> AllowedMoves => new()
    {
        { SessionStatus.Starting, SessionStatus.Idle },
        { SessionStatus.Idle, SessionStatus.Busy },
        { SessionStatus.Busy, SessionStatus.Idle },
        { SessionStatus.Starting, SessionStatus.Expired },
        { SessionStatus.Starting, SessionStatus.Closed },
        { SessionStatus.Starting, SessionStatus.Failed },
        { SessionStatus.Idle, SessionStatus.Expired },
        { SessionStatus.Idle, SessionStatus.Closed },
        { SessionStatus.Idle, SessionStatus.Failed },
        { SessionStatus.Busy, SessionStatus.Expired },
        { SessionStatus.Busy, SessionStatus.Closed },
        { SessionStatus.Busy, SessionStatus.Failed },
    };

    public static TheoryData<SessionStatus, SessionStatus> RefusedLiveMoves => new()
    {
        { SessionStatus.Starting, SessionStatus.Starting },
        { SessionStatus.Starting, SessionStatus.Busy },
        { SessionStatus.Idle, SessionStatus.Starting },
        { SessionStatus.Idle, SessionStatus.Idle },
        { SessionStatus.Busy, SessionStatus.Starting },
        { SessionStatus.Busy, SessionStatus.Busy },
    };

    public static TheoryData<SessionStatus, SessionStatus> MovesOutOfEndedStates()
    {
        var data = new TheoryData<SessionStatus, SessionStatus>();
        foreach (var from in new[] { SessionStatus.Expired, SessionStatus.Closed, SessionStatus.Failed })
        {
            foreach (var to in Enum.GetValues<SessionStatus>())
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedMoves))]
    public void CanMove_AllowsTheDocumentedTransitions(SessionStatus from, SessionStatus to) =>
        Assert.True(SessionStateMachine.CanMove(from, to));

    [Theory]
    [MemberData(nameof(AllowedMoves))]
    public void Move_AllowedTransition_ReturnsTheTargetState(SessionStatus from, SessionStatus to) =>
        Assert.Equal(to, SessionStateMachine.Move(from, to));

    [Theory]
    [MemberData(nameof(RefusedLiveMoves))]
    public void CanMove_RefusesSkippingStartupOrGoingBackToStarting(SessionStatus from, SessionStatus to) =>
        Assert.False(SessionStateMachine.CanMove(from, to));

    [Theory]
    [MemberData(nameof(MovesOutOfEndedStates))]
    public void CanMove_EndedStatesAreFinal(SessionStatus from, SessionStatus to) =>
        Assert.False(SessionStateMachine.CanMove(from, to));

    [Theory]
    [MemberData(nameof(MovesOutOfEndedStates))]
    public void Move_OutOfAnEndedState_Throws(SessionStatus from, SessionStatus to) =>
        Assert.Throws<InvalidOperationException>(() => SessionStateMachine.Move(from, to));

    [Fact]
    public void Move_RefusedTransition_MessageNamesBothStatesInWireSpelling()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => SessionStateMachine.Move(SessionStatus.Closed, SessionStatus.Idle));
        Assert.Equal("A session cannot go from 'closed' to 'idle'.", ex.Message);
    }

    [Theory]
    [InlineData(SessionStatus.Starting, "starting")]
    [InlineData(SessionStatus.Idle, "idle")]
    [InlineData(SessionStatus.Busy, "busy")]
    [InlineData(SessionStatus.Expired, "expired")]
    [InlineData(SessionStatus.Closed, "closed")]
    [InlineData(SessionStatus.Failed, "failed")]
    public void ToWire_SpellsEachStatusInLowercase(SessionStatus status, string wire) =>
        Assert.Equal(wire, status.ToWire());

    [Fact]
    public void ToWire_UndefinedValue_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((SessionStatus)42).ToWire());

    [Fact]
    public void TryParseWire_RoundTripsEveryStatus()
    {
        foreach (var status in Enum.GetValues<SessionStatus>())
        {
            Assert.True(SessionStatusExtensions.TryParseWire(status.ToWire(), out var parsed));
            Assert.Equal(status, parsed);
        }
    }

    [Theory]
    [InlineData("IDLE", SessionStatus.Idle)]
    [InlineData("Closed", SessionStatus.Closed)]
    [InlineData("bUsY", SessionStatus.Busy)]
    public void TryParseWire_IgnoresCase(string text, SessionStatus expected)
    {
        Assert.True(SessionStatusExtensions.TryParseWire(text, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("open")]
    [InlineData("idle ")]
    [InlineData("1")]
    [InlineData("Idle,Busy")]
    public void TryParseWire_RejectsUnknownSpellings(string? text) =>
        Assert.False(SessionStatusExtensions.TryParseWire(text, out _));

    [Theory]
    [InlineData(SessionStatus.Starting, true)]
    [InlineData(SessionStatus.Idle, true)]
    [InlineData(SessionStatus.Busy, true)]
    [InlineData(SessionStatus.Expired, false)]
    [InlineData(SessionStatus.Closed, false)]
    [InlineData(SessionStatus.Failed, false)]
    public void IsLiveAndIsEnded_AreOppositeClassifications(SessionStatus status, bool live)
    {
        Assert.Equal(live, status.IsLive());
        Assert.Equal(!live, status.IsEnded());
    }
}
