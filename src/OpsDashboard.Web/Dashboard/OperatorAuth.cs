using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace OpsDashboard.Web.Dashboard;

/// <summary>The login token of this run: configured, or random and printed at start (like the Aspire dashboard). Thread-safe.</summary>
public sealed class LoginTokens(IOptions<DashboardOptions> options)
{
    private readonly byte[] _token = Encoding.UTF8.GetBytes(
        string.IsNullOrWhiteSpace(options.Value.LoginToken) ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)) : options.Value.LoginToken.Trim());

    /// <summary>True when the token was generated for this run (so the start banner must print it).</summary>
    public bool Generated { get; } = string.IsNullOrWhiteSpace(options.Value.LoginToken);

    public string Token => Encoding.UTF8.GetString(_token);

    public bool Check(string? candidate) =>
        !string.IsNullOrEmpty(candidate) && CryptographicOperations.FixedTimeEquals(_token, Encoding.UTF8.GetBytes(candidate.Trim()));
}

/// <summary>
/// Operator passwords as <c>pbkdf2-sha256$iterations$salt$hash</c> (base64). Slow on purpose: unlike
/// API keys (256 random bits), a password can be guessed, so its hash must be expensive to test.
/// </summary>
public static class OperatorPasswords
{
    private const string Prefix = "pbkdf2-sha256";
    private const int Iterations = 210_000;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, 32);
        return $"{Prefix}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Prefix || !int.TryParse(parts[1], out var iterations) || iterations < 1)
        {
            return false;
        }
        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Checks a name and password against the configured operators; the operator's name, or null.</summary>
    public static string? Authenticate(IEnumerable<OperatorAccount> operators, string? name, string? password)
    {
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password))
        {
            return null;
        }
        var account = operators.FirstOrDefault(o => string.Equals(o.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        // Verify against a dummy hash when the name is unknown, so timing does not reveal which names exist.
        var ok = Verify(password, account?.PasswordHash ?? DummyHash.Value);
        return ok && account is not null ? account.Name : null;
    }

    private static readonly Lazy<string> DummyHash = new(() => Hash(Guid.NewGuid().ToString()));
}

/// <summary>Claims of a dashboard operator; an operator sees every tenant.</summary>
public static class OperatorClaims
{
    public const string Role = "operator";
    public const string TenantClaim = "ops:tenant";

    public static ClaimsPrincipal Operator(string name, string method) =>
        new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, Role), new Claim(ClaimTypes.AuthenticationMethod, method)],
            CookieAuthenticationDefaults.AuthenticationScheme));

    public static bool IsOperator(this ClaimsPrincipal? user) => user?.Identity?.IsAuthenticated == true && user.IsInRole(Role);

    /// <summary>The tenant an API-key caller is scoped to; null for operators.</summary>
    public static string? Tenant(this ClaimsPrincipal? user) => user?.FindFirst(TenantClaim)?.Value;
}
