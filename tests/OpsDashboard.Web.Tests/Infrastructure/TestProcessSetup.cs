using System.Runtime.CompilerServices;

namespace OpsDashboard.Web.Tests.Infrastructure;

/// <summary>
/// Once per test process: this one process hosts several gateways at a time (one per test class
/// running, each with its Blazor circuits, SignalR hubs and Playwright connections) on 2 cores. The
/// thread pool starts with one thread per core and adds about one a second when they are all busy,
/// so a burst in one gateway could stall another's callbacks for seconds. A production gateway runs
/// alone in its process; here the pool starts wide enough for all of them.
/// </summary>
internal static class TestProcessSetup
{
#pragma warning disable CA2255 // a test assembly is the one place this process's start-up can be set
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void WidenThreadPool()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }
}
