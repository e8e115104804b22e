using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>
/// The node's capacity when Ops:NodeCapacity is not set: sized from the memory available at start at the measured
/// cost of one session (Ops:SessionMemoryMiB), with a reserve kept free; a configured value wins; nonsense stops the start.
/// </summary>
public class NodeCapacityTests
{
    private const long GiB = 1L << 30;

    [Fact]
    public void FromMemory_KeepsAReserveFree_AndDividesTheRestByTheCostOfOneSession()
    {
        // 24 GiB available: 1 GiB + 2.4 GiB kept free, 20.6 GiB left at 66 MiB a session = 319 sessions.
        var (capacity, how) = NodeCapacityDefault.Resolve(66, 24 * GiB);
        Assert.Equal((int)((24 * GiB - (GiB + 24 * GiB / 10)) / (66L << 20)), capacity);
        Assert.InRange(capacity, 300, 330);
        Assert.Contains("24.0 GiB available", how);
        Assert.Contains("66 MiB per session", how);

        // Half the cost per session, twice the sessions (give or take the rounding).
        Assert.InRange(NodeCapacityDefault.Resolve(33, 24 * GiB).Capacity, 2 * capacity, 2 * capacity + 1);
    }

    [Fact]
    public void FromMemory_OnATinyMachine_StillTakesAFewSessions_AndWithoutAReadingFallsBackToThirtyTwo()
    {
        Assert.Equal(NodeCapacityDefault.Least, NodeCapacityDefault.Resolve(66, GiB / 2).Capacity);
        var (capacity, how) = NodeCapacityDefault.Resolve(66, null);
        Assert.Equal(32, capacity);
        Assert.Contains("could not be read", how);
    }

    [Fact]
    public async Task AGatewayWithoutACapacitySetting_SizesItselfFromThisMachinesMemory_AndAConfiguredOneWins()
    {
        await using var auto = new GatewayFactory(new() { ["Ops:NodeCapacity"] = "0" });
        auto.Start();
        var options = auto.Services.GetRequiredService<IOptions<OpsOptions>>().Value;
        var expected = NodeCapacityDefault.Resolve(options.SessionMemoryMiB, MachineMemory.AvailableBytes()).Capacity;
        // Memory moves between the two readings (other tests start browsers meanwhile): the capacity follows it within 15 %,
        // and is neither the test factory's 100 nor the 32 of a machine whose memory cannot be read.
        Assert.InRange(options.NodeCapacity, (int)(expected * 0.85) - 1, (int)(expected * 1.15) + 1);
        Assert.StartsWith("from memory at start", options.NodeCapacitySource);

        await using var configured = new GatewayFactory(new() { ["Ops:NodeCapacity"] = "7" });
        configured.Start();
        var set = configured.Services.GetRequiredService<IOptions<OpsOptions>>().Value;
        Assert.Equal(7, set.NodeCapacity);
        Assert.Equal("configured", set.NodeCapacitySource);
    }

    [Fact]
    public void ANegativeCapacity_OrAnImpossibleSessionCost_StopsTheGatewayAtStart_SayingWhatToUse()
    {
        using var factory = new GatewayFactory(new() { ["Ops:NodeCapacity"] = "-1", ["Ops:SessionMemoryMiB"] = "2" });
        var ex = Assert.ThrowsAny<Exception>(() => factory.Start());
        var validation = ex as OptionsValidationException ?? ex.InnerException as OptionsValidationException ?? ex.GetBaseException() as OptionsValidationException;
        Assert.NotNull(validation);
        Assert.Contains(validation!.Failures, f => f.Contains("Ops:NodeCapacity is -1", StringComparison.Ordinal) && f.Contains("or 0", StringComparison.Ordinal));
        Assert.Contains(validation.Failures, f => f.Contains("Ops:SessionMemoryMiB is 2", StringComparison.Ordinal));
    }
}
