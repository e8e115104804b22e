namespace OpsDashboard.Web.Sessions;

/// <summary>Ends expired leases: checks four times a second, so a lease ends within a second of its expiry.</summary>
public sealed class LeaseSweeper(SessionService sessions, TimeProvider clock, ILogger<LeaseSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await sessions.SweepAsync();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Lease sweep failed; retrying on the next tick");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
