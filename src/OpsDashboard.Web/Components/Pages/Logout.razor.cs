using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;

namespace OpsDashboard.Web.Components.Pages;

/// <summary>Sign-out: a form post (with the anti-forgery token every static form carries), never a plain link a page could trigger.</summary>
public partial class Logout
{
    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromForm(FormName = "logout")]
    private LogoutInput? Input { get; set; }

    protected override void OnInitialized() => Input ??= new LogoutInput();

    private async Task SignOutAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        Navigation.NavigateTo("/login?signedOut=true");
    }

    /// <summary>The form has no fields; the model exists because a static form needs one.</summary>
    public sealed class LogoutInput;
}
