using System.Diagnostics;
using System.Globalization;
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
    internal ManualControlStep(LiveSession live, Data.StepRecord step, ControlHolder holder, string? urlBefore)
    {
        Live = live;
        Step = step;
        Holder = holder;
        UrlBefore = urlBefore;
    }

    internal LiveSession Live { get; }
    internal Data.StepRecord Step { get; }
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
    /// <summary>Who holds manual control of a live session, or null.</summary>
    public ControlHolder? ControlOf(string sessionId) => _live.TryGetValue(sessionId, out var live) ? live.Control : null;

    /// <summary>
    /// Takes manual control: the session's gate (409 when a step is running or someone else holds it),
    /// a running step of kind <c>manual</c> in the history, and a screenshot of the page as it was.
    /// </summary>
    /// <summary>How long taking control waits for a step that is finishing before it refuses.</summary>
    private static readonly TimeSpan TakeControlWait = TimeSpan.FromSeconds(5);

    public async Task<ManualControlStep> TakeControlAsync(string tenantId, string sessionId, string holderId, string holderName, CancellationToken ct)
    {
        var live = await GetLiveAsync(tenantId, sessionId, ct);
        if (live.Control is { } held)
        {
            throw ApiProblem.Conflict(ControlledMessage(live.Id, held, "Take control"));
        }
        // A step's bookkeeping (its state save, its thumbnail) can hold the session for a moment
        // after it answered: wait that out rather than refuse an operator who clicked just then.
        if (!await live.Gate.WaitAsync(TakeControlWait, ct))
        {
            throw ApiProblem.Conflict($"Session {sessionId} is running a step. Take control once it has answered.");
        }
        try
        {
            EnsureStillLive(live);
            var holder = new ControlHolder(holderId, holderName, _clock.GetUtcNow());
            string? urlBefore;
            lock (live)
            {
                live.Status = SessionStatus.Busy;
                live.Control = holder;
                urlBefore = live.Url;
            }
            var cmd = $"(manual control by {holderName})";
            var step = await BeginStepAsync(live, "manual", cmd, urlBefore);
            var manual = new ManualControlStep(live, step, holder, urlBefore) { ScreenshotBefore = await TryScreenshotAsync(live, step.Id) };
            _logger.LogInformation("Session {SessionId}: {Holder} took manual control (step {Seq})", live.Id, holderName, step.Seq);
            _events.Publish((seq, at) => new OpsEvent(seq, at, OpsEventKinds.StepStarted, live.TenantId, live.Id, "info", "busy",
                $"{holderName} took control of the page.", urlBefore, step.Seq, cmd));
            return manual;
        }
        catch
        {
            lock (live)
            {
                live.Control = null;
                if (live.Status == SessionStatus.Busy)
                {
                    live.Status = SessionStatus.Idle;
                }
            }
            live.Gate.Release();
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
                if (live.Status == SessionStatus.Busy)
                {
                    live.Status = SessionStatus.Idle;
                }
            }
            var after = live.Ending ? null : await TryScreenshotAsync(live, manual.Step.Id);
            var message = ManualMessage(manual, tally, duration, live.Url, why);
            await FinishStepAsync(live, manual.Step, StepStatus.Done, message, live.Url, after, duration, null);
            _logger.LogInformation("Session {SessionId}: manual control by {Holder} ended ({Why})", live.Id, manual.Holder.Name, why);
            _events.Publish((seq, at) => new OpsEvent(seq, at, OpsEventKinds.StepFinished, live.TenantId, live.Id, "info",
                StepStatus.Done, message, live.Url, manual.Step.Seq, manual.Step.Cmd, duration.TotalMilliseconds, after, StepCount: live.StepCount,
                LeaseExpiresAt: live.Lease.LeaseExpiresAt));
            return new StepOutcome(live.Id, StepStatus.Done, message, live.Url ?? "", after, live.StepCount, duration);
        }
        finally
        {
            lock (live)
            {
                live.Control = null;
            }
            live.Gate.Release();
        }
    }

    /// <summary>409 naming the holder, for an API call that would act on a page an operator is driving.</summary>
    private void RefuseWhileControlled(LiveSession live, string what)
    {
        if (live.Control is { } holder)
        {
            _metrics.Error("conflict");
            throw ApiProblem.Conflict(ControlledMessage(live.Id, holder, what));
        }
    }

    /// <summary>The 409 an API call gets while an operator drives the page.</summary>
    internal string ControlledMessage(string sessionId, ControlHolder holder, string what) =>
        $"Session {sessionId} is under manual control by {holder.Name} since {holder.Since.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC " +
        $"(from the dashboard's live view). {what} once they release it — it is released when they leave the page or after " +
        $"{_options.ControlIdleTimeout.TotalSeconds:0} s without input — then send it again.";

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
