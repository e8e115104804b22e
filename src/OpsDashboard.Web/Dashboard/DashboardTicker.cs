namespace OpsDashboard.Web.Dashboard;

/// <summary>
/// One shared one-second tick for relative times and lease countdowns, so only the small cells that
/// show time re-render each second, not the pages or grids around them. Singleton; handlers run on
/// a timer thread and must marshal to their renderer.
/// </summary>
public sealed class DashboardTicker : IDisposable
{
    private readonly ITimer _timer;

    public DashboardTicker(TimeProvider clock)
    {
        Clock = clock;
        _timer = clock.CreateTimer(_ => Tick?.Invoke(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public event Action? Tick;

    public TimeProvider Clock { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public void Dispose() => _timer.Dispose();
}
