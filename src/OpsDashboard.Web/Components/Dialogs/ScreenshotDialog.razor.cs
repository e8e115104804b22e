using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace OpsDashboard.Web.Components.Dialogs;

/// <summary>A screenshot at full size.</summary>
public partial class ScreenshotDialog
{
    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter]
    public string Url { get; set; } = "";

    public static Task ShowAsync(IDialogService dialogs, string url) =>
        dialogs.ShowAsync<ScreenshotDialog>("Screenshot", new DialogParameters<ScreenshotDialog> { { d => d.Url, url } },
            new DialogOptions { MaxWidth = MaxWidth.ExtraLarge, FullWidth = true, CloseOnEscapeKey = true, CloseButton = true });
}
