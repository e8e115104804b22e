using Bunit;
using OpsDashboard.Web.Components.Controls;
using OpsDashboard.Web.Dashboard;

namespace OpsDashboard.Components.Tests;

/// <summary>Issue 15: the step card shows where the step's time went, phase by phase, from the stored record.</summary>
public class StepPhasesCardTests : DashboardTestContext
{
    [Fact]
    public void StepCard_ShowsThePhasesOfItsRecord_InTheOrderTheyRan()
    {
        var steps = new List<StepView>
        {
            new() { Seq = 1, Cmd = "click \"Add to Cart\"", Status = "DONE", StartedAt = Start, DurationMs = 130,
                PhasesJson = """{"db":3.2,"observe":41.6,"grounding":2,"action":55.4,"navigation":31}""" },
            new() { Seq = 2, Cmd = "scroll down", Status = "DONE", StartedAt = Start, DurationMs = 200 },
        };
        var cut = Render<StepTimeline>(p => p.Add(c => c.Steps, steps));
        var phases = cut.FindAll(".step-phases");
        Assert.Single(phases); // the older step without phases shows none
        Assert.Equal("db 3 · observe 42 · grounding 2 · action 55 · navigation 31", phases[0].TextContent.Trim());
    }
}
