namespace OpsDashboard.Web.Dashboard;

/// <summary>Settings under <c>Dashboard</c>: how operators sign in to the dashboard.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>
    /// A fixed login token (for tests and unattended deployments). Empty: a new random token is made
    /// at every start and printed as a login link, so an old link stops working after a restart.
    /// </summary>
    public string? LoginToken { get; set; }

    /// <summary>
    /// When the login link is printed on the console at start: <c>auto</c> (default) only when stdout is a
    /// terminal, so a log file (journald, docker logs, a redirect) never holds it; <c>always</c>; <c>never</c>.
    /// It can always be had with <c>dotnet OpsDashboard.dll login-link</c> on the machine.
    /// </summary>
    public string PrintLoginLink { get; set; } = "auto";

    /// <summary>True: a login token signs in once, then a new one replaces it (printed by <c>login-link</c>).</summary>
    public bool LoginTokenSingleUse { get; set; }

    /// <summary>Operators who sign in with a name and password (hash made by <c>OpsDashboard hash-password</c>).</summary>
    public List<OperatorAccount> Operators { get; set; } = [];

    /// <summary>How long a dashboard sign-in lasts without activity (sliding).</summary>
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromHours(12);
}

/// <summary>An operator account from configuration: a name and a PBKDF2 password hash, never a plain password.</summary>
public sealed class OperatorAccount
{
    public string Name { get; set; } = "";

    public string PasswordHash { get; set; } = "";
}
