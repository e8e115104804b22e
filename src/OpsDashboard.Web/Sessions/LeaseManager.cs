using Microsoft.Extensions.Options;
using OpsDashboard.Core.Sessions;
using OpsDashboard.Web.Configuration;

namespace OpsDashboard.Web.Sessions;

/// <summary>
/// A live session's lease and status, changed in one place. <see cref="Renew"/> is the one renew path
/// (a step, a retrieve, <c>POST /api/sessions/{id}/renew</c>); <see cref="Due"/> is what the sweeper asks;
/// every status change goes through <see cref="SessionStateMachine"/>, so a move the lifecycle does not
/// allow (an ended session made busy again) never happens. The arithmetic is Core's <see cref="LeasePolicy"/>
/// (<c>Ops:IdleTimeout</c>, <c>Ops:MaxLifetime</c>). Thread-safe: each call locks the session.
/// </summary>
public sealed class LeaseManager(IOptions<OpsOptions> options)
{
    public LeasePolicy Policy { get; } = new(options.Value.IdleTimeout, options.Value.MaxLifetime);

    /// <summary>The lease of a session created at <paramref name="now"/>.</summary>
    public LeaseTimes Start(DateTimeOffset now) => Policy.Start(now);

    /// <summary>Renews the session's lease from <paramref name="now"/> (capped by its maximum lifetime) and answers it.</summary>
    public LeaseTimes Renew(LiveSession live, DateTimeOffset now)
    {
        lock (live)
        {
            live.Lease = Policy.Renew(live.Lease, now);
            return live.Lease;
        }
    }

    /// <summary>Why the session's lease is over at <paramref name="now"/>, or null while it runs (or while a step runs: it is checked after).</summary>
    public LeaseEnd? Due(LiveSession live, DateTimeOffset now)
    {
        lock (live)
        {
            return live.Ending || live.Status == SessionStatus.Busy ? null : Policy.Check(live.Lease, now);
        }
    }

    /// <summary>Why a recorded lease is over at <paramref name="now"/> (restart recovery), or null.</summary>
    public LeaseEnd? Check(LeaseTimes lease, DateTimeOffset now) => Policy.Check(lease, now);

    /// <summary>Moves the session to <paramref name="to"/> when it is in <paramref name="from"/> and the lifecycle allows it; answers whether it moved.</summary>
    public static bool Move(LiveSession live, SessionStatus from, SessionStatus to)
    {
        lock (live)
        {
            if (live.Status != from || !SessionStateMachine.CanMove(from, to))
            {
                return false;
            }
            live.Status = SessionStateMachine.Move(from, to);
            return true;
        }
    }

    /// <summary>A session whose step (or first page) is over is idle again: busy or starting become idle; an ended one stays ended.</summary>
    public static void Settle(LiveSession live)
    {
        lock (live)
        {
            if (live.Status is SessionStatus.Busy or SessionStatus.Starting)
            {
                live.Status = SessionStateMachine.Move(live.Status, SessionStatus.Idle);
            }
        }
    }

    /// <summary>
    /// Marks the session as ending with <paramref name="status"/> (closed, expired, failed), once: false when it
    /// was already ending. Ended states are final, so nothing moves it afterwards.
    /// </summary>
    public static bool End(LiveSession live, SessionStatus status)
    {
        if (!status.IsEnded())
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A session ends closed, expired or failed.");
        }
        lock (live)
        {
            if (live.Ending)
            {
                return false;
            }
            live.Ending = true;
            // Only EndAsync sets an ended state, and only once (Ending): the session is live here.
            live.Status = SessionStateMachine.CanMove(live.Status, status) ? SessionStateMachine.Move(live.Status, status) : status;
            return true;
        }
    }
}
