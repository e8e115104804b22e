using Microsoft.AspNetCore.Components;
using MudBlazor;
using OpsDashboard.Web.Dashboard;

namespace OpsDashboard.Web.Components.Pages;

/// <summary>Counts, rates and latencies of the last hour as small live charts, and the engine's health.</summary>
public partial class Overview : IDisposable
{
    private const int RefreshSeconds = 5;
    private readonly LineChartOptions _options = new() { ShowLegend = true, ShowToolTips = true, YAxisRequireZeroPoint = true, LineStrokeWidth = 2, MaxNumYAxisTicks = 5 };
    private readonly CancellationTokenSource _cts = new();
    private StatsSnapshot _stats = default!;
    private EngineHealth _health = default!;
    private IReadOnlyList<OpsDashboard.Web.Upstream.UpstreamStatus> _upstreams = [];
    private List<ChartSeries<double>> _activeSeries = [];
    private List<ChartSeries<double>> _stepsSeries = [];
    private List<ChartSeries<double>> _errorSeries = [];
    private List<ChartSeries<double>> _latencySeries = [];
    private string[] _labels = [];

    [Inject]
    private OpsStats Stats { get; set; } = default!;

    [Inject]
    private IDashboardClient Client { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    private double CapacityPercent => _health.Capacity <= 0 ? 0 : Math.Min(100, 100.0 * _health.LiveSessions / _health.Capacity);

    private double ErrorRate => _stats.StepsLastHour == 0 ? 0 : 100.0 * _stats.FailedStepsLastHour / _stats.StepsLastHour;

    private double NotSureRate => _stats.StepsLastHour == 0 ? 0 : 100.0 * _stats.NotSureStepsLastHour / _stats.StepsLastHour;

    protected override void OnInitialized()
    {
        Refresh();
        _ = RefreshLoopAsync();
    }

    internal void Refresh()
    {
        _stats = Stats.Snapshot();
        _health = Client.GetEngineHealth();
        _upstreams = Client.GetUpstreams();
        // Label every 10th minute only; the rest stay blank so the axis stays readable.
        _labels = _stats.Minutes.Select((m, i) => i % 10 == 0 || i == _stats.Minutes.Count - 1 ? m.ToLocalTime().ToString("HH:mm") : "").ToArray();
        _activeSeries = [Series("Active sessions", _stats.ActiveSessions)];
        _stepsSeries = [Series("Steps/min", _stats.StepsPerMinute)];
        _errorSeries = [Series("Errors %", _stats.ErrorRatePercent), Series("NOT SURE %", _stats.NotSureRatePercent)];
        _latencySeries = [Series("p50 (ms)", _stats.P50Ms), Series("p95 (ms)", _stats.P95Ms)];
    }

    private static ChartSeries<double> Series(string name, double[] values) => new() { Name = name, Data = new ChartData<double>(values) };

    private async Task RefreshLoopAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(RefreshSeconds), Clock);
            while (await timer.WaitForNextTickAsync(_cts.Token))
            {
                await InvokeAsync(() =>
                {
                    Refresh();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
        GC.SuppressFinalize(this);
    }
}
