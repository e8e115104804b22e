using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace OpsDashboard.Web.Components.Layout;

/// <summary>App bar, navigation drawer, theme (dark by default; the choice is kept in the browser) and sign-out.</summary>
public partial class MainLayout
{
    private bool _drawerOpen = true;
    private bool _dark = true;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }
        try
        {
            var stored = await JS.InvokeAsync<string?>("opsDash.getTheme");
            if (stored is "light" or "dark" && (stored == "dark") != _dark)
            {
                _dark = stored == "dark";
                StateHasChanged();
            }
        }
        catch (JSException)
        {
            // No stored choice: keep the default.
        }
    }

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private async Task ToggleDarkAsync()
    {
        _dark = !_dark;
        try
        {
            await JS.InvokeVoidAsync("opsDash.setTheme", _dark ? "dark" : "light");
        }
        catch (JSException)
        {
        }
    }

    // Sign-out is a static page with an anti-forgery protected form, so it needs a full page load.
    private void SignOut() => Navigation.NavigateTo("logout", forceLoad: true);
}
