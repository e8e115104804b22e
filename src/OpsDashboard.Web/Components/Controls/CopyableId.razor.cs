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

    /// <summary>Shows a long id shortened (<c>sess_3f2a…9c1d</c>); the full id is on hover and is what Copy copies.</summary>
    [Parameter]
    public bool Short { get; set; }

    private string Shown => Short ? Shorten(Value) : Value;

    /// <summary>The first 4 and last 4 characters after the prefix of an id longer than 16, else the id.</summary>
    public static string Shorten(string id)
    {
        var cut = id.IndexOf('_') + 1;
        return id.Length - cut <= 12 ? id : id[..(cut + 4)] + "…" + id[^4..];
    }

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
