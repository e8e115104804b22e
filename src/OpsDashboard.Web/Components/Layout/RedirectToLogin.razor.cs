using Microsoft.AspNetCore.Components;
using OpsDashboard.Web.Dashboard;

namespace OpsDashboard.Web.Components.Layout;

public partial class RedirectToLogin
{
    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    protected override void OnInitialized()
    {
        var back = "/" + Navigation.ToBaseRelativePath(Navigation.Uri);
        Navigation.NavigateTo($"{DashboardServices.LoginPath}?ReturnUrl={Uri.EscapeDataString(back)}", forceLoad: true);
    }
}
