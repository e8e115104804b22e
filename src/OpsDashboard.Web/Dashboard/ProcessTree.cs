namespace OpsDashboard.Web.Dashboard;

/// <summary>
/// What a process tree costs in memory, split the way Chromium's is: its renderers (one or more per
/// browser context; what one more session adds) and everything else (the browser process, GPU,
/// network and other utilities, paid once). PSS counts a page shared by n processes as 1/n in each,
/// so the sum is what the tree really holds; RSS counts it in every process (the sum overstates).
/// </summary>
public sealed record ProcessMemory(int Processes, int Renderers, long ResidentBytes, long ProportionalBytes, long RendererProportionalBytes)
{
    /// <summary>PSS of the processes every context shares (browser, GPU, utilities).</summary>
    public long SharedProportionalBytes => ProportionalBytes - RendererProportionalBytes;
}

/// <summary>Memory of a process and its descendants, read from /proc (Linux); null elsewhere.</summary>
public static class ProcessTree
{
    public static ProcessMemory? Measure(int rootPid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        try
        {
            var parents = new Dictionary<int, int>();
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), out var pid) && ReadParent(pid) is { } ppid)
                {
                    parents[pid] = ppid;
                }
            }
            int processes = 0, renderers = 0;
            long rss = 0, pss = 0, rendererPss = 0;
            foreach (var pid in parents.Keys.Where(p => IsDescendant(p, rootPid, parents)))
            {
                if (ReadRollup(pid) is not { } m)
                {
                    continue; // gone meanwhile
                }
                processes++;
                rss += m.Rss;
                pss += m.Pss;
                if (IsRenderer(pid))
                {
                    renderers++;
                    rendererPss += m.Pss;
                }
            }
            return new ProcessMemory(processes, renderers, rss, pss, rendererPss);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsDescendant(int pid, int root, Dictionary<int, int> parents)
    {
        for (var i = 0; i < 64; i++)
        {
            if (pid == root)
            {
                return true;
            }
            if (!parents.TryGetValue(pid, out pid) || pid <= 1)
            {
                return false;
            }
        }
        return false;
    }

    private static int? ReadParent(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so split after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.TryParse(fields[1], out var ppid) ? ppid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Chromium starts its renderers with <c>--type=renderer</c> on their command line (which it
    /// rewrites as one space-separated title, so the arguments are not NUL-separated).
    /// </summary>
    private static bool IsRenderer(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Contains(" --type=renderer", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Rss and Pss from <c>/proc/&lt;pid&gt;/smaps_rollup</c> (one pass over the process's mappings in the kernel).</summary>
    private static (long Rss, long Pss)? ReadRollup(int pid)
    {
        try
        {
            long rss = 0, pss = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
            {
                if (line.StartsWith("Rss:", StringComparison.Ordinal))
                {
                    rss = Configuration.MachineMemory.Kilobytes(line) * 1024;
                }
                else if (line.StartsWith("Pss:", StringComparison.Ordinal))
                {
                    pss = Configuration.MachineMemory.Kilobytes(line) * 1024;
                }
            }
            return (rss, pss);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
