namespace OpsDashboard.Web.Engine;

/// <summary>
/// Finds the Chromium main process by a marker switch we pass at launch (Playwright does not expose
/// the pid). Used for memory figures and by the crash test.
/// </summary>
public static class BrowserProcess
{
    public static int? FindByMarker(string marker)
    {
        if (!Directory.Exists("/proc"))
        {
            return null;
        }
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (cmdline.Contains(marker, StringComparison.Ordinal) && !cmdline.Contains("--type=", StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return null;
    }
}
