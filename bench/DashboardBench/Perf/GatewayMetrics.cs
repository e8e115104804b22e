using System.Globalization;
using System.Text.RegularExpressions;

namespace DashboardBench.Perf;

/// <summary>The gateway's own runtime counters from <c>/metrics</c> (Prometheus text): managed allocations and heap.</summary>
internal static partial class GatewayMetrics
{
    [GeneratedRegex(@"^(?<name>[A-Za-z_:][A-Za-z0-9_:]*)(?<labels>\{[^}]*\})?\s+(?<value>\S+)")]
    private static partial Regex Line();

    /// <summary>Total bytes allocated on the managed heap since start, and the heap size after the last GC (all generations).</summary>
    public static async Task<(double Allocated, double HeapAfterGc)> ReadAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("metrics");
        double allocated = 0, heap = 0;
        foreach (var raw in text.Split('\n'))
        {
            var m = Line().Match(raw);
            if (!m.Success || !double.TryParse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }
            switch (m.Groups["name"].Value)
            {
                case "dotnet_gc_heap_total_allocated_bytes_total":
                    allocated += value;
                    break;
                case "dotnet_gc_last_collection_heap_size_bytes":
                    heap += value;
                    break;
            }
        }
        return (allocated, heap);
    }
}
