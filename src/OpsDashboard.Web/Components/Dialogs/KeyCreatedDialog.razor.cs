using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace OpsDashboard.Web.Components.Dialogs;

/// <summary>Shows a new API key, once.</summary>
public partial class KeyCreatedDialog
{
    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter]
    public string Key { get; set; } = "";

    [Parameter]
    public string TenantId { get; set; } = "";
}
