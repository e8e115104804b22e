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

    private Task _afterAnswer = Task.CompletedTask;

    /// <summary>
    /// Queues work that follows a step's answer (its thumbnail, the browser state saved for a restart: see
    /// <see cref="StepRecorder.AfterAnswer"/>) behind any still pending. <paramref name="work"/> must not throw.
    /// </summary>
    public void AfterAnswer(Func<Task> work)
    {
        lock (this)
        {
            var before = _afterAnswer;
            // Not the step's async context: its phase timings (StepPhases) are already recorded with its answer.
            using (ExecutionContext.SuppressFlow())
            {
                _afterAnswer = Task.Run(async () =>
                {
                    await before;
                    await work();
                });
            }
        }
    }

    /// <summary>
    /// Completes when the work queued after the last answer is done. Whoever takes the session's turn awaits it before
    /// touching the page (<see cref="LiveSessions"/>), and so does the session's end: a step's picture and saved state are
    /// always of the page that step left, and nothing is saved for a session after it ended.
    /// </summary>
    public Task AfterAnswerSettled()
    {
        lock (this)
        {
            return _afterAnswer;
        }
    }
}
