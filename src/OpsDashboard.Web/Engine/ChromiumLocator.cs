namespace OpsDashboard.Web.Engine;

/// <summary>Finds the system Chromium: the configured path, then <c>CHROMIUM_PATH</c>, then the usual install places.</summary>
public static class ChromiumLocator
{
    public static readonly string[] Candidates =
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/lib/chromium/chromium",
        "/snap/bin/chromium",
        "/usr/bin/google-chrome",
        "/usr/bin/google-chrome-stable",
    ];

    public const string InstallHint =
        "Install Chromium with `apt-get update && apt-get install -y chromium` (Debian/Ubuntu), " +
        "or set Ops:ChromiumPath (env Ops__ChromiumPath) to the browser's executable.";

    /// <summary>The executable to launch, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static string? Find(string? configured, out string? problem)
    {
        problem = null;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (File.Exists(configured))
            {
                return configured;
            }
            problem = $"The configured Chromium path '{configured}' does not exist. {InstallHint}";
            return null;
        }
        var fromEnv = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrWhiteSpace(fromEnv) && File.Exists(fromEnv))
        {
            return fromEnv;
        }
        var found = Candidates.FirstOrDefault(File.Exists);
        if (found is null)
        {
            problem = $"No Chromium browser was found (looked in {string.Join(", ", Candidates)}). {InstallHint}";
        }
        return found;
    }
}
