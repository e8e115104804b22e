namespace OpsDashboard.Web.Configuration;

/// <summary>
/// Memory that can still be given to new processes: the kernel's <c>MemAvailable</c>, or less when the process runs
/// under a cgroup (v2) memory limit (a container's <c>memory.max</c> minus its <c>memory.current</c>). Null off Linux
/// or when nothing can be read.
/// </summary>
public static class MachineMemory
{
    public static long? AvailableBytes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        var available = MemAvailable();
        if (CgroupRoom() is { } room)
        {
            available = available is { } a ? Math.Min(a, room) : room;
        }
        return available;
    }

    private static long? MemAvailable()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal));
            return line is null ? null : Kilobytes(line) * 1024;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The limit left in this process's cgroup v2, or null when it has none ("max") or none can be read.</summary>
    private static long? CgroupRoom()
    {
        try
        {
            // /proc/self/cgroup on v2: "0::/path".
            var entry = File.ReadLines("/proc/self/cgroup").FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal));
            if (entry is null)
            {
                return null;
            }
            var dir = Path.Combine("/sys/fs/cgroup", entry[3..].TrimStart('/'));
            var max = File.ReadAllText(Path.Combine(dir, "memory.max")).Trim();
            if (max == "max" || !long.TryParse(max, out var limit))
            {
                return null;
            }
            var current = long.TryParse(File.ReadAllText(Path.Combine(dir, "memory.current")).Trim(), out var used) ? used : 0;
            return Math.Max(0, limit - current);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The number of a /proc line such as <c>MemAvailable:   23012345 kB</c> or <c>Pss:  512 kB</c> (0 when there is none).</summary>
    internal static long Kilobytes(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], out var kb) ? kb : 0;
    }
}
