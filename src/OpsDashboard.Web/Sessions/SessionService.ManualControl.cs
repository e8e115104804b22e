using System.Diagnostics;
using OpsDashboard.Core.Api;
using OpsDashboard.Core.Sessions;
using OpsDashboard.Web.Events;

namespace OpsDashboard.Web.Sessions;

/// <summary>Who holds manual control of a session, since when. <see cref="HolderId"/> tells one dashboard tab from another.</summary>
public sealed record ControlHolder(string HolderId, string Name, DateTimeOffset Since);

/// <summary>What an operator did by hand while holding control: the numbers the manual step's record reads.</summary>
public sealed record ManualTally(int Clicks, int Keys, int Scrolls);

/// <summary>A manual-control step in progress: its record, the screenshot from before, when it began.</summary>
public sealed class ManualControlStep
{
    internal ManualControlStep(SessionTurn turn, RecordedStep step, ControlHolder holder, string? urlBefore)
    {
        Turn = turn;
        Live = turn.Live;
        Step = step;
        Holder = holder;
        UrlBefore = urlBefore;
    }

    /// <summary>The session's turn, held from take to release: agent steps answer 409 meanwhile.</summary>
    internal SessionTurn Turn { get; }
    internal LiveSession Live { get; }
    internal RecordedStep Step { get; }
    internal long Started { get; } = Stopwatch.GetTimestamp();
    public ControlHolder Holder { get; }
    public string SessionId => Live.Id;
    public string TenantId => Live.TenantId;
    public string? UrlBefore { get; }
    public string? ScreenshotBefore { get; internal set; }
    public int Seq => Step.Seq;
}

// Manual control: an operator drives the session's page by hand from the live view. While one holds
// control the session's gate is taken, so agent steps, browses and retrieves from the API answer 409
// naming the holder; what was done by hand is recorded as one step of kind "manual".
public sealed partial class SessionService
{
    /// <summary>How long taking control waits for a step that is finishing before it refuses.</summary>
    private static readonly TimeSpan TakeControlWait = TimeSpan.FromSeconds(5);

    /// <summary>Who holds manual control of a live session, or null.</summary>
    public ControlHolder? ControlOf(string sessionId) => _live.TryGet(sessionId, out var live) ? live.Control : null;

    /// <summary>
    /// Takes manual control: the session's gate (409 when a step is running or someone else holds it),
    /// a running step of kind <c>manual</c> in the history, and a screenshot of the page as it was.
    /// </summary>
    public async Task<ManualControlStep> TakeControlAsync(string tenantId, string sessionId, string holderId, string holderName, CancellationToken ct)
    {
        var found = await GetLiveAsync(tenantId, sessionId, ct);
        if (found.Control is { } held)
        {
            throw ApiProblem.Conflict(_live.ControlledMessage(found.Id, held, "Take control"));
        }
        // A step's bookkeeping (its state save, its thumbnail) can hold the session for a moment
        // after it answered: wait that out rather than refuse an operator who clicked just then.
        var turn = await LiveSessions.AcquireWaitingAsync(found, TakeControlWait,
            $"Session {sessionId} is running a step. Take control once it has answered.", ct);
        var live = turn.Live;
        if (live.Control is { } raced)
        {
            turn.Dispose();
            throw ApiProblem.Conflict(_live.ControlledMessage(live.Id, raced, "Take control"));
        }
        try
        {
            EnsureStillLive(live);
            var holder = new ControlHolder(holderId, holderName, _clock.GetUtcNow());
            string? urlBefore;
            LeaseManager.Move(live, SessionStatus.Idle, SessionStatus.Busy);
            lock (live)
            {
                live.Control = holder;
                urlBefore = live.Url;
            }
            var cmd = $"(manual control by {holderName})";
            var step = await _steps.BeginAsync(live, "manual", cmd, urlBefore);
            var manual = new ManualControlStep(turn, step, holder, urlBefore) { ScreenshotBefore = await _steps.ScreenshotAsync(live, step.Id) };
            _logger.LogInformation("Session {SessionId}: {Holder} took manual control (step {Seq})", live.Id, holderName, step.Seq);
            _events.Publish(SessionEvents.StepStarted(live, step.Seq, cmd, urlBefore, $"{holderName} took control of the page."));
            return manual;
        }
        catch
        {
            lock (live)
            {
                live.Control = null;
            }
            LeaseManager.Move(live, SessionStatus.Busy, SessionStatus.Idle);
            turn.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Ends manual control: the manual step is finished with what was done ("manual control, 14 s,
    /// 6 clicks, 2 keys typed"), the page's URL and a screenshot after, and agent steps may run again.
    /// </summary>
    public async Task<StepOutcome> ReleaseControlAsync(ManualControlStep manual, ManualTally tally, string? urlNow, string why)
    {
        var live = manual.Live;
        var duration = Stopwatch.GetElapsedTime(manual.Started);
        try
        {
            lock (live)
            {
                if (!string.IsNullOrEmpty(urlNow))
                {
                    live.Url = urlNow;
                }
            }
            LeaseManager.Move(live, SessionStatus.Busy, SessionStatus.Idle);
            var after = live.Ending ? null : await _steps.ScreenshotAsync(live, manual.Step.Id);
            var message = ManualMessage(manual, tally, duration, live.Url, why);
            await _steps.FinishAsync(live, manual.Step, StepStatus.Done, message, live.Url, after, duration, null);
            _steps.AfterAnswer(live, manual.Step, thumbnail: false);
            _logger.LogInformation("Session {SessionId}: manual control by {Holder} ended ({Why})", live.Id, manual.Holder.Name, why);
            _events.Publish(SessionEvents.StepFinished(live, manual.Step.Seq, manual.Step.Cmd, StepStatus.Done, message, live.Url, duration, after));
            return new StepOutcome(live.Id, StepStatus.Done, message, live.Url ?? "", after, live.StepCount, duration);
        }
        finally
        {
            lock (live)
            {
                live.Control = null;
            }
            manual.Turn.Dispose();
        }
    }

    // The 409 while an operator holds control: LiveSessions.AcquireAsync (LiveSessions.ControlledMessage).

    private static string ManualMessage(ManualControlStep manual, ManualTally tally, TimeSpan duration, string? urlAfter, string why)
    {
        static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
        var parts = new List<string> { $"{duration.TotalSeconds:0} s", Count(tally.Clicks, "click", "clicks"), Count(tally.Keys, "key typed", "keys typed") };
        if (tally.Scrolls > 0)
        {
            parts.Add(Count(tally.Scrolls, "scroll", "scrolls"));
        }
        var where = string.Equals(manual.UrlBefore, urlAfter, StringComparison.Ordinal)
            ? $"The page stayed on {urlAfter}."
            : $"The page went from {manual.UrlBefore ?? "blank"} to {urlAfter ?? "blank"}.";
        return $"Manual control by {manual.Holder.Name}: {string.Join(", ", parts)}. {where} Released: {why}.";
    }
}
