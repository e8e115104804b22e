using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests.Dashboard;

/// <summary>
/// The console in a real browser: 200,000 characters typed into it neither drop the dashboard's
/// circuit nor get sent; the operator is told why, and the page goes on working.
/// </summary>
public class ConsoleLimitEndToEndTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task A200000CharacterCmd_IsRefusedWithTheReason_AndTheCircuitSurvives()
    {
        using var client = fixture.Client();
        var id = await client.OpenSessionAsync(fixture.Factory.BaseAddress + "practice/");
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}sessions/{id}");
        await page.WaitForSelectorAsync("#console-input:not([disabled])");

        await page.FillAsync("#console-input", new string('x', 200_000));

        var tooLong = await page.WaitForSelectorAsync("[data-testid=console-too-long]");
        Assert.Contains("a cmd may have at most 4,000", await tooLong!.TextContentAsync());
        Assert.Equal("true", await page.GetAttributeAsync("[data-testid=console-counter]", "data-over"));
        Assert.True(await page.IsDisabledAsync("[data-testid=console-send]"));
        await page.PressAsync("#console-input", "Control+Enter");

        // Still connected: the console keeps answering, and a short cmd goes through.
        await page.FillAsync("#console-input", "scroll down");
        try
        {
            await page.WaitForSelectorAsync("[data-testid=console-counter]:text-is('11 / 4,000')");
        }
        catch (TimeoutException e)
        {
            // Say what the page showed instead, so a failure tells a dropped circuit from a stale counter.
            var counter = await page.TextContentAsync("[data-testid=console-counter]");
            var boxLength = await page.EvalOnSelectorAsync<int>("#console-input", "e => e.value.length");
            var reconnect = await page.EvaluateAsync<string>("() => document.querySelector('#components-reconnect-modal, .components-reconnect-show, .components-reconnect-failed')?.outerHTML ?? 'none'");
            throw new TimeoutException($"Counter shows '{counter}', the box holds {boxLength} characters, reconnect UI: {reconnect}", e);
        }
        await page.PressAsync("#console-input", "Control+Enter");
        await page.WaitForSelectorAsync(".step-item[data-seq='1']:not([data-status='running'])");
        var (_, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
        Assert.Equal(2, steps.GetArrayLength());
        Assert.Equal("scroll down", steps[1].Str("cmd"));
        await page.Context.CloseAsync();
    }
}
