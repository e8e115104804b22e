using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace OpsDashboard.Web.Components.Controls;

/// <summary>An id in monospace with a copy button (and optionally a link).</summary>
public partial class CopyableId
{
    private bool _copied;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Parameter, EditorRequired]
    public string Value { get; set; } = "";

    [Parameter]
    public string? Href { get; set; }

    private async Task CopyAsync()
    {
        try
        {
            _copied = await JS.InvokeAsync<bool>("opsDash.copy", Value);
        }
        catch (JSException)
        {
            _copied = false;
        }
    }
}
