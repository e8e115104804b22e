namespace OpsDashboard.Web.Sessions;

/// <summary>
/// On a graceful stop, before any hosted service stops (the browser engine among them), waits for every live session's
/// work queued after its last answer (<see cref="LiveSession.AfterAnswer"/>: its thumbnail, the browser state saved for a
/// restart), so the state a restart reopens is the one the last answered step left. Bounded by the host's shutdown timeout.
/// </summary>
public sealed class AfterAnswerDrain(LiveSessions sessions, ILogger<AfterAnswerDrain> logger) : IHostedLifecycleService
{
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var pending = sessions.All.Select(s => s.AfterAnswerSettled()).Where(t => !t.IsCompleted).ToList();
        if (pending.Count == 0)
        {
            return;
        }
        logger.LogInformation("Waiting for the work after {Count} sessions' last answers (thumbnails, saved state)", pending.Count);
        try
        {
            await Task.WhenAll(pending).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Stopped before the work after {Count} sessions' last answers finished: their restart state may be a step behind", pending.Count(t => !t.IsCompleted));
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
