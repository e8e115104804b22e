using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace OpsDashboard.Web.Components.Controls;

/// <summary>A session status in its colour: live states filled, ended states outlined.</summary>
public partial class StatusChip
{
    [Parameter]
    public string? Status { get; set; }

    private bool IsEnded => Status is "expired" or "closed" or "failed";

    private string? Icon => Status switch
    {
        "busy" => Icons.Material.Filled.Sync,
        "failed" => Icons.Material.Filled.Error,
        _ => null,
    };
}
