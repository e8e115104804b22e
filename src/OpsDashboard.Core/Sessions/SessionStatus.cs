namespace OpsDashboard.Core.Sessions;

/// <summary>The lifecycle state of a session. Live states can take steps; ended states are history.</summary>
public enum SessionStatus
{
    Starting,
    Idle,
    Busy,
    Expired,
    Closed,
    Failed,
}

/// <summary>Wire spellings and classification of <see cref="SessionStatus"/>.</summary>
public static class SessionStatusExtensions
{
    public static string ToWire(this SessionStatus status) => status switch
    {
        SessionStatus.Starting => "starting",
        SessionStatus.Idle => "idle",
        SessionStatus.Busy => "busy",
        SessionStatus.Expired => "expired",
        SessionStatus.Closed => "closed",
        SessionStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParseWire(string? text, out SessionStatus status)
    {
        foreach (var candidate in Enum.GetValues<SessionStatus>())
        {
            if (string.Equals(candidate.ToWire(), text, StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }

    public static bool IsLive(this SessionStatus status) =>
        status is SessionStatus.Starting or SessionStatus.Idle or SessionStatus.Busy;

    public static bool IsEnded(this SessionStatus status) => !status.IsLive();
}

/// <summary>
/// The allowed transitions between session states. Ended states are final: a closed, expired or
/// failed session never comes back, so its history is immutable.
/// </summary>
public static class SessionStateMachine
{
    public static bool CanMove(SessionStatus from, SessionStatus to) => (from, to) switch
    {
        (SessionStatus.Starting, SessionStatus.Idle) => true,
        (SessionStatus.Idle, SessionStatus.Busy) => true,
        (SessionStatus.Busy, SessionStatus.Idle) => true,
        (var live, SessionStatus.Expired or SessionStatus.Closed or SessionStatus.Failed) when live.IsLive() => true,
        _ => false,
    };

    /// <summary>Moves <paramref name="from"/> to <paramref name="to"/> or throws with the reason.</summary>
    public static SessionStatus Move(SessionStatus from, SessionStatus to) =>
        CanMove(from, to)
            ? to
            : throw new InvalidOperationException($"A session cannot go from '{from.ToWire()}' to '{to.ToWire()}'.");
}
