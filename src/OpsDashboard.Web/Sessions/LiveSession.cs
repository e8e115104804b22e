using OpsDashboard.Core.Sessions;

namespace OpsDashboard.Web.Sessions;

/// <summary>
/// The in-memory side of a live session: its step gate (one step at a time), lease and status.
/// The database row is the record; this object is what makes serialization and sweeping cheap.
/// Mutable fields are guarded by locking the instance.
/// </summary>
public sealed class LiveSession(string id, string tenantId, LeaseTimes lease)
{
    public string Id { get; } = id;
    public string TenantId { get; } = tenantId;
    public SemaphoreSlim Gate { get; } = new(1, 1);
    public LeaseTimes Lease { get; set; } = lease;
    public SessionStatus Status { get; set; } = SessionStatus.Starting;
    public string? Url { get; set; }
    public int StepCount { get; set; }
    /// <summary>Set once the session is being ended, so nothing else ends it twice.</summary>
    public bool Ending { get; set; }
    /// <summary>The saved browser profile the session started from (and, with persist, writes back to at its end).</summary>
    public OpsDashboard.Web.Profiles.ProfileAttachment? Profile { get; set; }
    /// <summary>The operator driving the page by hand from the live view, or null (see SessionService.ManualControl.cs).</summary>
    public ControlHolder? Control { get; set; }

    private Task _captured = Task.CompletedTask;
    private Task _kept = Task.CompletedTask;

    /// <summary>
    /// Queues what follows a step's answer (see <see cref="StepRecorder.AfterAnswer"/>) behind anything still pending, in
    /// two parts: <paramref name="capture"/> reads the page (its thumbnail, its storage state) and answers the write that
    /// keeps what it read (files, rows, events), or null. The session's next turn waits for the capture only
    /// (<see cref="CapturedBeforeNextTurn"/>); the writes run in order behind it. Neither may throw.
    /// </summary>
    public void AfterAnswer(Func<Task<Func<Task>?>> capture)
    {
        lock (this)
        {
            var capturedBefore = _captured;
            var keptBefore = _kept;
            // Not the step's async context: its phase timings (StepPhases) are already recorded with its answer.
            using (ExecutionContext.SuppressFlow())
            {
                var captured = Task.Run(async () =>
                {
                    await capturedBefore;
                    return await capture();
                });
                _captured = captured;
                _kept = Task.Run(async () =>
                {
                    var write = await captured;
                    await keptBefore;
                    if (write is not null)
                    {
                        await write();
                    }
                });
            }
        }
    }

    /// <summary>
    /// Completes when the page has been read for the last answer's picture and saved state. Whoever takes the session's
    /// turn awaits it before touching the page (<see cref="LiveSessions"/>): a step's picture and saved state are always
    /// of the page that step left.
    /// </summary>
    public Task CapturedBeforeNextTurn()
    {
        lock (this)
        {
            return _captured;
        }
    }

    /// <summary>
    /// Completes when everything queued after the last answer is read and kept. The session's end awaits it (nothing is
    /// saved for a session after it ended), and so does a graceful stop (<see cref="AfterAnswerDrain"/>).
    /// </summary>
    public Task AfterAnswerSettled()
    {
        lock (this)
        {
            return _kept;
        }
    }
}
