using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OpsDashboard.Web.Configuration;

namespace OpsDashboard.Web.Dashboard;

/// <summary>
/// Where the dashboard's login link goes. In a deployment stdout is the log (journald, docker logs,
/// a redirected file), so by default the link is printed only when stdout is a terminal
/// (<c>Dashboard:PrintLoginLink</c>: <c>auto</c> / <c>always</c> / <c>never</c>) and the log gets only
/// a line saying where it went. The link is always kept in the data directory's owner-only
/// <c>login-link</c> file, which <c>dotnet OpsDashboard.dll login-link</c> prints on the machine.
/// </summary>
public static class LoginLink
{
    public const string Command = "dotnet OpsDashboard.dll login-link";

    /// <summary>Whether the link goes on the console, for a <c>Dashboard:PrintLoginLink</c> value and the console's state.</summary>
    public static bool ShouldPrint(string? mode, bool outputRedirected) => (mode ?? "auto").Trim().ToLowerInvariant() switch
    {
        "always" or "true" or "yes" => true,
        "never" or "false" or "no" => false,
        _ => !outputRedirected,
    };

    public static void PublishWhenStarted(WebApplication app)
    {
        var tokens = app.Services.GetRequiredService<LoginTokens>();
        var options = app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OpsDashboard.Web.Dashboard.LoginLink");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
            var address = addresses?.FirstOrDefault() ?? "http://localhost:5080";
            address = address.Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost").Replace("://+", "://localhost").Replace("://*", "://localhost");
            string link;
            try
            {
                link = tokens.Publish(address);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("The login link could not be written to the data directory ({Error}); {Command} will not find it", ex.Message, Command);
                link = LoginTokens.LinkFor(address, tokens.Token);
            }
            if (ShouldPrint(options.PrintLoginLink, Console.IsOutputRedirected))
            {
                Console.WriteLine();
                Console.WriteLine("==============================================================================");
                Console.WriteLine(" OpsDashboard: sign in to the dashboard with this link" + (tokens.Generated ? " (valid until the next restart):" : ":"));
                Console.WriteLine($"   {link}");
                Console.WriteLine($" `{Command}` prints it again. Set Dashboard:LoginToken for a fixed token, or Dashboard:Operators for passwords.");
                Console.WriteLine("==============================================================================");
                Console.WriteLine();
                logger.LogInformation("Dashboard login link printed on the console");
            }
            else
            {
                logger.LogInformation("Dashboard login link not printed: run `{Command}` on this machine", Command);
            }
        });
        app.Lifetime.ApplicationStopped.Register(tokens.Unpublish);
    }

    /// <summary>
    /// <c>login-link</c>: prints the running gateway's link from its data directory, found from the same
    /// configuration as the app (appsettings.json, <c>OPSDASH_DATA</c>, <c>--Ops:DataDirectory</c>). Exit code 0, or 1 with why.
    /// </summary>
    public static int RunCommand(string[] args, TextWriter output, TextWriter error)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var root = Path.GetFullPath(DataDirectory.PathFrom(configuration));
        var file = Path.Combine(root, LoginTokens.FileName);
        try
        {
            var link = File.ReadAllText(file).Trim();
            if (link.Length > 0)
            {
                output.WriteLine(link);
                return 0;
            }
        }
        catch (FileNotFoundException)
        {
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (UnauthorizedAccessException)
        {
            error.WriteLine($"{file} is readable only by the user the gateway runs as: run this command as that user (e.g. sudo -u <user> {Command}).");
            return 1;
        }
        error.WriteLine($"No login link in {root}: the gateway is not running with this data directory. Start it, or point this command at its " +
            "data directory with OPSDASH_DATA=<dir> or --Ops:DataDirectory=<dir>.");
        return 1;
    }
}
