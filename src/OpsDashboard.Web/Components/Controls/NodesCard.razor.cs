using Microsoft.AspNetCore.Components;
using OpsDashboard.Web.ScaleOut;

namespace OpsDashboard.Web.Components.Controls;

/// <summary>Every node registered in the shared database, live or stopped, read again every few seconds.</summary>
public sealed partial class NodesCard : ComponentBase, IDisposable
{
    private IReadOnlyList<NodeView>? _nodes;
    private string? _self;
    private PeriodicTimer? _timer;

    [Inject]
    private IServiceProvider Services { get; set; } = null!;

    [Inject]
    private TimeProvider Clock { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        if (Services.GetService<NodeDirectory>() is not { } directory)
        {
            return;
        }
        _self = Services.GetService<NodeIdentity>()?.Id;
        _nodes = await directory.ListAsync(CancellationToken.None);
        _timer = new PeriodicTimer(TimeSpan.FromSeconds(5), Clock);
        _ = RefreshAsync(directory, _timer);
    }

    private async Task RefreshAsync(NodeDirectory directory, PeriodicTimer timer)
    {
        try
        {
            while (await timer.WaitForNextTickAsync())
            {
                _nodes = await directory.ListAsync(CancellationToken.None);
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or Npgsql.NpgsqlException)
        {
            // The circuit went away or the database is unreachable for now: the card keeps its last list.
        }
    }

    public void Dispose() => _timer?.Dispose();
}
