using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using OpsDashboard.Web.Configuration;

namespace OpsDashboard.Web.Dashboard;

/// <summary>
/// The login token of this run: configured, or random per start (like the Aspire dashboard). It is
/// kept, with the link built on the listening address, in the data directory's <c>login-link</c>
/// file (owner-only, 0600) so <c>OpsDashboard.Web login-link</c> can print it on the machine, and
/// never goes to the log. With <c>Dashboard:LoginTokenSingleUse</c> a token signs in once, then a
/// new one replaces it (in the file too). Thread-safe.
/// </summary>
public sealed class LoginTokens(IOptions<DashboardOptions> options, DataDirectory? data = null)
{
    /// <summary>The file in the data directory holding the current login link.</summary>
    public const string FileName = "login-link";

    private readonly Lock _gate = new();
    private readonly bool _singleUse = options.Value.LoginTokenSingleUse;
    private byte[] _token = Encoding.UTF8.GetBytes(
        string.IsNullOrWhiteSpace(options.Value.LoginToken) ? NewToken() : options.Value.LoginToken.Trim());
    private string? _baseAddress;

    /// <summary>True when the token was generated for this run (so the start banner must print it).</summary>
    public bool Generated { get; } = string.IsNullOrWhiteSpace(options.Value.LoginToken);

    public string Token
    {
        get
        {
            lock (_gate)
            {
                return Encoding.UTF8.GetString(_token);
            }
        }
    }

    /// <summary>Where the current link is kept; null without a data directory.</summary>
    public string? LinkFile => data is null ? null : Path.Combine(data.Root, FileName);

    /// <summary>The sign-in link on <paramref name="baseAddress"/> for a token.</summary>
    public static string LinkFor(string baseAddress, string token) =>
        $"{baseAddress.TrimEnd('/')}{DashboardServices.LoginPath}?t={Uri.EscapeDataString(token)}";

    /// <summary>The current link, once <see cref="Publish"/> has been given the listening address.</summary>
    public string? Link
    {
        get
        {
            lock (_gate)
            {
                return _baseAddress is null ? null : LinkFor(_baseAddress, Encoding.UTF8.GetString(_token));
            }
        }
    }

    /// <summary>Records the listening address and writes the link file (0600). Returns the link.</summary>
    public string Publish(string baseAddress)
    {
        lock (_gate)
        {
            _baseAddress = baseAddress;
            var link = LinkFor(baseAddress, Encoding.UTF8.GetString(_token));
            WriteLinkFile(link);
            return link;
        }
    }

    /// <summary>Removes the link file (at shutdown: the token dies with the process).</summary>
    public void Unpublish()
    {
        if (LinkFile is { } path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    public bool Check(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return false;
        }
        var given = Encoding.UTF8.GetBytes(candidate.Trim());
        lock (_gate)
        {
            if (!CryptographicOperations.FixedTimeEquals(_token, given))
            {
                return false;
            }
            if (_singleUse)
            {
                // Used: a new token takes its place, and login-link prints the new one.
                _token = Encoding.UTF8.GetBytes(NewToken());
                if (_baseAddress is not null)
                {
                    WriteLinkFile(LinkFor(_baseAddress, Encoding.UTF8.GetString(_token)));
                }
            }
            return true;
        }
    }

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Written to a temporary file created owner-only, then moved over the old one: never readable by others, never half-written.</summary>
    private void WriteLinkFile(string link)
    {
        if (LinkFile is not { } path)
        {
            return;
        }
        var temp = path + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(temp, Encoding.UTF8, fileOptions))
        {
            writer.WriteLine(link);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temp, path, overwrite: true);
    }
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
