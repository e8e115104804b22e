using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using OpsDashboard.Web.Dashboard;

namespace OpsDashboard.Web.Components.Pages;

/// <summary>
/// Sign-in, rendered statically so it can set the cookie: <c>/login?t=TOKEN</c> (the link printed at
/// start) signs in at once; otherwise a name and password checked against <c>Dashboard:Operators</c>.
/// </summary>
public partial class Login
{
    private string? _message;
    private bool _signedOut;

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [Inject]
    private LoginTokens Tokens { get; set; } = default!;

    [Inject]
    private IOptions<DashboardOptions> Options { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "t")]
    private string? Token { get; set; }

    [SupplyParameterFromQuery]
    private string? ReturnUrl { get; set; }

    [SupplyParameterFromQuery(Name = "signedOut")]
    private bool SignedOut { get; set; }

    [SupplyParameterFromForm(FormName = "login")]
    private LoginInput? Input { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Input ??= new LoginInput();
        if (SignedOut)
        {
            _signedOut = true;
            _message = "You are signed out.";
        }
        if (HttpMethods.IsGet(HttpContext.Request.Method) && Token is not null)
        {
            if (Tokens.Check(Token))
            {
                await SignInAsync("operator", "login link");
                Navigation.NavigateTo(SafeReturnUrl(ReturnUrl));
                return;
            }
            _message = "This login link is not valid. A generated link changes at every start: use the one printed by the running gateway.";
        }
    }

    private async Task SignInWithPasswordAsync()
    {
        var name = OperatorPasswords.Authenticate(Options.Value.Operators, Input?.Name, Input?.Password);
        if (name is null)
        {
            _signedOut = false;
            _message = "Unknown operator or wrong password.";
            return;
        }
        await SignInAsync(name, "password");
        Navigation.NavigateTo(SafeReturnUrl(Input?.ReturnUrl));
    }

    private Task SignInAsync(string name, string method) =>
        HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, OperatorClaims.Operator(name, method),
            new AuthenticationProperties { IsPersistent = true });

    /// <summary>Only paths on this site: an open redirect would let a link send a freshly signed-in operator anywhere.</summary>
    internal static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";

    /// <summary>The sign-in form.</summary>
    public sealed class LoginInput
    {
        public string? Name { get; set; }

        public string? Password { get; set; }

        public string? ReturnUrl { get; set; }
    }
}
