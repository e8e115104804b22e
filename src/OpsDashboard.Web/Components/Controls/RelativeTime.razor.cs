using Microsoft.AspNetCore.Components;

namespace OpsDashboard.Web.Components.Controls;

/// <summary>"12 s ago", live, with the exact UTC time on hover.</summary>
public partial class RelativeTime
{
    [Parameter]
    public DateTimeOffset? At { get; set; }
}
