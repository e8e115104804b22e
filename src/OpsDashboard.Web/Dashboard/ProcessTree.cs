namespace OpsDashboard.Web.Dashboard;

/// <summary>Resident memory of a process and its descendants, read from /proc (Linux); null elsewhere.</summary>
public static class ProcessTree
{
    public static long? ResidentBytes(int rootPid)
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
            long total = 0;
            foreach (var pid in parents.Keys.Where(p => IsDescendant(p, rootPid, parents)))
            {
                total += ReadRss(pid);
            }
            return total;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
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
        catch (IOException)
        {
            return null;
        }
    }

    private static long ReadRss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return long.TryParse(kb, out var v) ? v * 1024 : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
