using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace OpsDashboard.Web.Components.Dialogs;

/// <summary>A yes/no question before something that cannot be undone.</summary>
public partial class ConfirmDialog
{
    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Parameter]
    public string Message { get; set; } = "";

    [Parameter]
    public string ConfirmText { get; set; } = "OK";

    [Parameter]
    public Color Color { get; set; } = Color.Error;

    /// <summary>Asks and answers true when confirmed.</summary>
    public static async Task<bool> AskAsync(IDialogService dialogs, string title, string message, string confirmText)
    {
        var dialog = await dialogs.ShowAsync<ConfirmDialog>(title, new DialogParameters<ConfirmDialog>
        {
            { d => d.Message, message },
            { d => d.ConfirmText, confirmText },
        }, new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small });
        var result = await dialog.Result;
        return result is { Canceled: false };
    }
}
