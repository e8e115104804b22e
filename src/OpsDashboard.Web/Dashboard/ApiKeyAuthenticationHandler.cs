using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpsDashboard.Web.Api;
using OpsDashboard.Web.Auth;

namespace OpsDashboard.Web.Dashboard;

/// <summary>
/// Authenticates hub and CSV callers by API key: the <c>X_MULTION_API_KEY</c> header, or the
/// <c>access_token</c> query parameter (browsers' WebSocket and EventSource cannot set headers), or
/// <c>Authorization: Bearer</c> (what SignalR clients send from their access-token provider).
/// The principal carries the key's tenant; it is never an operator. Unknown keys count against the
/// client address like the API's (<see cref="ApiKeyGate"/>): past the limit the challenge is a 429.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyGate gate)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private TimeSpan? _limitedFor;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = ApiKeyAuth.ReadKey(Request);
        if (string.IsNullOrEmpty(key) && Request.Query.TryGetValue("access_token", out var token))
        {
            key = token.ToString();
        }
        var authorization = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(key) && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // SignalR clients' AccessTokenProvider sends the key as a bearer token.
            key = authorization["Bearer ".Length..].Trim();
        }
        if (string.IsNullOrWhiteSpace(key))
        {
            return AuthenticateResult.NoResult();
        }
        var check = await gate.CheckAsync(Context, key);
        _limitedFor = check.LimitedFor;
        if (check.Caller is not { } caller)
        {
            return AuthenticateResult.Fail(check.IsLimited ? "Too many unknown API keys from this address." : "Unknown or revoked API key.");
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"key {caller.KeyId}"), new Claim(OperatorClaims.TenantClaim, caller.TenantId)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // Authentication ran before the challenge in the same request (same handler instance).
        if (_limitedFor is { } retryAfter && !Response.HasStarted)
        {
            await ApiErrors.AuthLimited(gate, retryAfter).ExecuteAsync(Context);
            return;
        }
        await base.HandleChallengeAsync(properties);
    }
}
