using Microsoft.AspNetCore.Components;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Data;

namespace OpsDashboard.Web.Components.Controls;

/// <summary>The calls a session's upstream engine made (status, time, retry number, raw body when not JSON); reloads when <see cref="Version"/> changes.</summary>
public partial class UpstreamAttemptsPanel
{
    private IReadOnlyList<UpstreamAttemptRecord> _attempts = [];
    private int _loadedVersion = -1;

    [Inject]
    private IDashboardClient Client { get; set; } = default!;

    [Parameter, EditorRequired]
    public string SessionId { get; set; } = "";

    /// <summary>The session's engine, e.g. <c>upstream:hosted</c>.</summary>
    [Parameter]
    public string Engine { get; set; } = "";

    /// <summary>Bumped by the page whenever a step or retrieve finished: the panel reloads.</summary>
    [Parameter]
    public int Version { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedVersion == Version)
        {
            return;
        }
        _loadedVersion = Version;
        _attempts = await Client.GetUpstreamAttemptsAsync(SessionId, CancellationToken.None);
    }
}
