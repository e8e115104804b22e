namespace DashboardBench.Perf;

/// <summary>Wall-clock milliseconds since the Unix epoch, with sub-millisecond resolution.</summary>
/// <remarks>
/// The gateway stamps each event with its wall clock (<c>at</c>); the browser's
/// <c>performance.timeOrigin + performance.now()</c> and this process read the same machine clock, so
/// latencies are differences of these numbers. <see cref="PerfCommand"/> checks the browser's offset.
/// </remarks>
internal static class Clock
{
    public static double NowMs() => ToMs(DateTimeOffset.UtcNow);

    public static double ToMs(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerMillisecond;
}
