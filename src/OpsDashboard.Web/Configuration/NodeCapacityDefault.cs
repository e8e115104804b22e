using System.Globalization;

namespace OpsDashboard.Web.Configuration;

/// <summary>
/// The node's session capacity when <c>Ops:NodeCapacity</c> is not set (or 0): as many sessions as the memory this
/// machine (or its container's memory limit) has available at start holds, at <c>Ops:SessionMemoryMiB</c> each — the
/// PSS one session costs, measured by <c>bench/SessionBench --density</c> (docs/performance.md) — after keeping
/// <see cref="ReserveBytes"/> free for the gateway, Chromium's shared processes and the rest of the machine.
/// </summary>
public static class NodeCapacityDefault
{
    /// <summary>The capacity where the memory cannot be read (not Linux).</summary>
    public const int WithoutMemoryReading = 32;

    public const int Least = 4;

    public const int Most = 2000;

    /// <summary>Kept free: 1 GiB plus a tenth of what is available.</summary>
    public static long ReserveBytes(long available) => (1L << 30) + available / 10;

    public static (int Capacity, string How) Resolve(int sessionMemoryMiB, long? availableBytes)
    {
        if (availableBytes is not { } available)
        {
            return (WithoutMemoryReading, $"default {WithoutMemoryReading} (this machine's available memory could not be read)");
        }
        var per = Math.Max(1, sessionMemoryMiB) * (1L << 20);
        var usable = Math.Max(0, available - ReserveBytes(available));
        var capacity = (int)Math.Clamp(usable / per, Least, Most);
        return (capacity, string.Create(CultureInfo.InvariantCulture,
            $"from memory at start: {available / (double)(1L << 30):0.0} GiB available, {ReserveBytes(available) / (double)(1L << 30):0.0} GiB kept free, {sessionMemoryMiB} MiB per session (Ops:SessionMemoryMiB)"));
    }
}
