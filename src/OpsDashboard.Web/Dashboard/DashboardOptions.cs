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
