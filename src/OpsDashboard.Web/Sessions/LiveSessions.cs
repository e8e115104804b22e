using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Diagnostics;
using OpsDashboard.Web.Events;

namespace OpsDashboard.Web.Sessions;

/// <summary>
/// The live sessions of this node (their in-memory <see cref="LiveSession"/>), and the one way to take
/// a session's turn: <see cref="AcquireAsync(LiveSession, string, string, string?, bool)"/> answers the gate or a 409 — while a step runs, or while an
/// operator holds manual control (naming them). The step runner, browse, retrieve and manual control
/// all come through it. Thread-safe.
/// </summary>
public sealed class LiveSessions(OpsMetrics metrics, OpsEventBus events, IOptions<OpsOptions> options)
{
    private readonly ConcurrentDictionary<string, LiveSession> _live = new();

    public int Count => _live.Count;

    public ICollection<LiveSession> All => _live.Values;

    public bool TryGet(string sessionId, out LiveSession live) => _live.TryGetValue(sessionId, out live!);

    public void Add(LiveSession live) => _live[live.Id] = live;

    public void Remove(string sessionId) => _live.TryRemove(sessionId, out _);

    /// <summary>Live sessions of <paramref name="tenantId"/> (ending ones too: they still hold a slot).</summary>
    public int CountOf(string tenantId) => _live.Values.Count(s => s.TenantId == tenantId);

    /// <summary>
    /// Takes the session's turn now, or throws 409: <paramref name="what"/> ("Send this cmd") names the call
    /// in the message while an operator holds control; <paramref name="busyMessage"/> is the message while a
    /// step runs. <paramref name="busyEvent"/>: also publish it as a <c>conflict</c> error event. Dispose the turn to release it.
    /// The turn is answered once the page has been read for the last step's thumbnail and saved state
    /// (<see cref="LiveSession.CapturedBeforeNextTurn"/>), so the next call never races them for the page: that wait is not a 409.
    /// A step passes <paramref name="untilCaptured"/> false and waits for that reading itself, before its first action only
    /// (<see cref="StepRunner"/>, <see cref="OpsDashboard.Core.Engine.ISessionEngine.ActAfter"/>).
    /// </summary>
    public async Task<SessionTurn> AcquireAsync(LiveSession live, string what, string busyMessage, string? busyEvent = null, bool untilCaptured = true)
    {
        if (live.Control is { } holder)
        {
            metrics.Error("conflict");
            throw ApiProblem.Conflict(ControlledMessage(live.Id, holder, what));
        }
        if (!live.Gate.Wait(0))
        {
            if (busyEvent is not null)
            {
                metrics.Error("conflict");
                events.Publish(SessionEvents.Error(live, "conflict", busyEvent));
            }
            throw ApiProblem.Conflict(busyMessage);
        }
        var turn = new SessionTurn(live);
        if (untilCaptured)
        {
            await live.CapturedBeforeNextTurn();
        }
        return turn;
    }

    /// <summary>The session's turn when it is free now, else null (the sweeper checks a busy session after its step).</summary>
    public static SessionTurn? TryAcquire(LiveSession live) => live.Gate.Wait(0) ? new SessionTurn(live) : null;

    /// <summary>Waits up to <paramref name="wait"/> for the session's turn; 409 with <paramref name="busyMessage"/> after that.</summary>
    public static async Task<SessionTurn> AcquireWaitingAsync(LiveSession live, TimeSpan wait, string busyMessage, CancellationToken ct)
    {
        var turn = await live.Gate.WaitAsync(wait, ct) ? new SessionTurn(live) : throw ApiProblem.Conflict(busyMessage);
        await live.CapturedBeforeNextTurn();
        return turn;
    }

    /// <summary>Waits for the session's turn, however long (create, restore: nobody else can know the session yet).</summary>
    public static async Task<SessionTurn> AcquireAsync(LiveSession live)
    {
        await live.Gate.WaitAsync(CancellationToken.None);
        await live.CapturedBeforeNextTurn();
        return new SessionTurn(live);
    }

    /// <summary>The 409 an API call gets while an operator drives the page.</summary>
    public string ControlledMessage(string sessionId, ControlHolder holder, string what) =>
        $"Session {sessionId} is under manual control by {holder.Name} since {holder.Since.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC " +
        $"(from the dashboard's live view). {what} once they release it — it is released when they leave the page or after " +
        $"{options.Value.ControlIdleTimeout.TotalSeconds:0} s without input — then send it again.";
}

/// <summary>A session's turn (its gate held): steps of one session run one at a time. Disposing releases it, once.</summary>
public sealed class SessionTurn(LiveSession live) : IDisposable
{
    private int _released;

    public LiveSession Live { get; } = live;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Live.Gate.Release();
        }
    }
}
