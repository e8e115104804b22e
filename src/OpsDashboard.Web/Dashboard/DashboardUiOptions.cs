namespace OpsDashboard.Web.Dashboard;

/// <summary>Switches of the dashboard's UI that tests flip (no browser in bunit, so no Monaco).</summary>
public sealed class DashboardUiOptions
{
    public bool UseCodeEditor { get; set; } = true;
}
