using OpsDashboard.Web;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The static assets live in the repository's top-level wwwroot/, copied next to the binaries.
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});
builder.AddOpsDashboard();

var app = builder.Build();
await app.InitializeOpsAsync();
app.MapOpsDashboard();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
