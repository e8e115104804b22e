using Microsoft.AspNetCore.Components;
using OpsDashboard.Web.Dashboard;

namespace OpsDashboard.Web.Components.Controls;

/// <summary>A small component that re-renders itself on the shared one-second tick (and only itself).</summary>
public abstract class TickingComponent : ComponentBase, IDisposable
{
    [Inject]
    protected DashboardTicker Ticker { get; set; } = default!;

    protected DateTimeOffset Now => Ticker.Now;

    protected override void OnInitialized() => Ticker.Tick += OnTick;

    private void OnTick() => _ = InvokeAsync(StateHasChanged);

    public void Dispose()
    {
        Ticker.Tick -= OnTick;
        GC.SuppressFinalize(this);
    }
}
