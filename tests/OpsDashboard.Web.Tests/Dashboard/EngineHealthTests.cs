using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests.Dashboard;

/// <summary>
/// The overview's browser memory, read from the real Chromium's processes: PSS (shared pages split
/// among their sharers) in total and per context, renderers told apart from the browser's own
/// processes, and the memory still available for more sessions.
/// </summary>
public sealed class EngineHealthTests(GatewayFixture fx) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task BrowserMemory_IsPss_SplitIntoRenderersAndSharedProcesses_WithAPerSessionFigureAndHeadroom()
    {
        using var client = fx.Client();
        var id = await client.OpenSessionAsync(fx.Site.Url("/"));
        var health = fx.Factory.Services.GetRequiredService<IDashboardClient>().GetEngineHealth();

        var memory = health.BrowserMemory;
        Assert.NotNull(memory);
        // The browser process and at least one renderer per open context (the session's and the warm pool's).
        Assert.True(memory!.Processes > memory.Renderers, $"{memory.Processes} processes, {memory.Renderers} renderers");
        Assert.True(memory.Renderers >= 1, $"{memory.Renderers} renderers");
        // PSS never exceeds RSS (a shared page counts in full in each process's RSS, a share of it in PSS).
        Assert.InRange(memory.ProportionalBytes, 1, memory.ResidentBytes);
        Assert.InRange(memory.RendererProportionalBytes, 1, memory.ProportionalBytes - 1);
        Assert.True(health.Contexts >= 1);
        Assert.Equal(memory.RendererProportionalBytes / health.Contexts, health.PssPerContext);
        Assert.True(health.AvailableMemoryBytes > 0);
        Assert.Equal(health.AvailableMemoryBytes / health.PssPerContext, health.MemoryHeadroomSessions);
        await client.DeleteAsync($"/v1/web/session/{id}");
    }
}
