using OpsDashboard.Web;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.ScaleOut;

if (args is ["hash-password", ..])
{
    // Makes a Dashboard:Operators password hash: OpsDashboard hash-password [password] (reads stdin when omitted).
    Console.WriteLine(OperatorPasswords.Hash(args.Length > 1 ? args[1] : Console.ReadLine() ?? ""));
    return;
}

if (args is ["login-link", ..])
{
    // Prints the running gateway's dashboard login link, read from its data directory (it is not in the log).
    Environment.ExitCode = LoginLink.RunCommand(args[1..], Console.Out, Console.Error);
    return;
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The static assets live in the repository's top-level wwwroot/, copied next to the binaries.
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});
if (OpsRouter.IsRouterMode(builder.Configuration))
{
    // The front door for several nodes (Ops:Mode=router): no browser, no dashboard of its own. docs/scale-out.md.
    builder.AddOpsRouter();
    if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
    {
        builder.WebHost.UseUrls("http://0.0.0.0:5080");
    }
    await builder.Build().RunOpsRouterAsync();
    return;
}
builder.AddOpsDashboard();
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
{
    // Embedded default: reachable from other machines on port 5080 (override with --urls or ASPNETCORE_URLS).
    builder.WebHost.UseUrls("http://0.0.0.0:5080");
}

var app = builder.Build();
await app.InitializeOpsAsync();
app.MapOpsDashboard();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
