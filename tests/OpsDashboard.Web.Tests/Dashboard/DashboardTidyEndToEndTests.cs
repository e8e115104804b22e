using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests.Dashboard;

/// <summary>
/// Real Chromium at 1440×900 against the real app: what an operator reads and reaches by keyboard —
/// chart labels big enough to read, legends on every chart, NOT SURE kept apart from errors, and a
/// schema editor that lets Tab go and cleans up after itself.
/// </summary>
public class DashboardTidyEndToEndTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private async Task<string> CreateSessionAsync(string holder)
    {
        using var client = fixture.Client();
        return await client.OpenSessionAsync(fixture.Site.Url("/"), new { holder });
    }

    /// <summary>
    /// The charts' SVG is scaled to its box: a 12-unit label drawn in a 650-unit view box shrank to
    /// about 6 px. Every axis label and legend text must be at least 11 px on screen, and each chart
    /// names its series in a legend.
    /// </summary>
    [Fact]
    public async Task Overview_AxisLabelsAreAtLeast11PxOnScreen_AndEveryChartHasALegend()
    {
        // A NOT SURE step, so the overview has something to keep apart from errors.
        var id = await CreateSessionAsync("overview-e2e");
        using (var client = fixture.Client())
        {
            var (status, answer) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"a button that is not on this page\"" });
            Assert.Equal(200, status);
            Assert.Equal("NOT SURE", answer.GetProperty("status").GetString());
        }

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}overview");
        await page.WaitForSelectorAsync(".overview-chart svg text");

        var smallest = await page.EvaluateAsync<double>("""
            () => Math.min(...[...document.querySelectorAll('.overview-chart svg text')]
                .filter(t => t.textContent.trim().length > 0)
                .map(t => t.getBoundingClientRect().height))
            """);
        Assert.True(smallest >= 11, $"the smallest chart label is {smallest:0.#} px tall on screen");

        var legends = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('.overview-chart')].map(c => c.querySelector('.mud-chart-legend')?.innerText ?? '')
            """);
        Assert.Equal(4, legends.Length);
        Assert.All(legends, l => Assert.False(string.IsNullOrWhiteSpace(l), "a chart without a legend"));
        Assert.Contains(legends, l => l.Contains("p50", StringComparison.Ordinal) && l.Contains("p95", StringComparison.Ordinal));
        Assert.Contains(legends, l => l.Contains("Errors", StringComparison.Ordinal) && l.Contains("NOT SURE", StringComparison.Ordinal));

        var legendText = await page.EvaluateAsync<double>("""
            () => Math.min(...[...document.querySelectorAll('.overview-chart .mud-chart-legend-text, .overview-chart .mud-chart-legend-item')]
                .map(t => parseFloat(getComputedStyle(t).fontSize)))
            """);
        Assert.True(legendText >= 11, $"legend text is {legendText:0.#} px");

        Assert.Matches(@"NOT SURE [1-9]", await page.InnerTextAsync("[data-testid=not-sure-rate]"));
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Monaco keeps Tab for indenting; Esc then Tab (as Monaco documents for keyboard users) moves
    /// the focus out of the editor to the next control, and Esc then Shift+Tab to the previous one.
    /// </summary>
    [Fact]
    public async Task SchemaEditor_EscThenTab_LeavesTheEditor_PlainTabStillIndents()
    {
        var id = await CreateSessionAsync("tab-e2e");
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}sessions/{id}");
        await fixture.WaitOrExplainAsync(page, ".schema-editor .monaco-editor", "the Monaco schema editor");
        await page.WaitForFunctionAsync("() => window.monaco && monaco.editor.getModels().length > 0");

        await page.ClickAsync(".schema-editor .monaco-editor .view-lines");
        const string InEditor = "() => !!document.activeElement && !!document.activeElement.closest('.schema-editor')";
        Assert.True(await page.EvaluateAsync<bool>(InEditor));

        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>(InEditor), "a plain Tab left the editor instead of indenting");
        Assert.Contains("  ", await page.EvaluateAsync<string>("() => monaco.editor.getModels()[0].getValue()"));

        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("Tab");
        await page.WaitForFunctionAsync($"() => !({InEditor[6..]})");
        Assert.False(await page.EvaluateAsync<bool>("() => document.activeElement === document.body"), "focus fell to the page body");

        await page.ClickAsync(".schema-editor .monaco-editor .view-lines");
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.WaitForFunctionAsync($"() => !({InEditor[6..]})");
        Assert.Contains("Esc", await page.InnerTextAsync("[data-testid=schema-editor-hint]"));

        using var client = fixture.Client();
        await client.DeleteAsync($"/v1/web/session/{id}");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Moving from one session's page to another inside the app (no reload) disposes the first
    /// editor before the second starts: no "Couldn't find the editor" in the browser console, and
    /// only the new editor is left in Monaco.
    /// </summary>
    [Fact]
    public async Task SchemaEditor_MovingBetweenSessions_DisposesTheOldEditor_WithoutConsoleErrors()
    {
        var a = await CreateSessionAsync("dispose-a");
        var b = await CreateSessionAsync("dispose-b");
        var page = await fixture.SignedInPageAsync();
        var console = new List<string>();
        page.Console += (_, m) => console.Add(m.Text);
        page.PageError += (_, e) => console.Add(e);

        await page.GotoAsync($"{fixture.BaseUrl}sessions/{a}");
        await fixture.WaitOrExplainAsync(page, ".schema-editor .monaco-editor", "the Monaco schema editor");
        await page.EvaluateAsync("() => window.__sameDocument = true");

        await page.EvaluateAsync("id => Blazor.navigateTo('/sessions/' + id)", b);
        try
        {
            await page.WaitForSelectorAsync($"[data-testid=session-header]:has-text('dispose-b')");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"session B's page did not show; at {page.Url}; browser console: {string.Join(" | ", console)}", ex);
        }
        await fixture.WaitOrExplainAsync(page, ".schema-editor .monaco-editor", "the Monaco schema editor");
        await page.EvaluateAsync("id => Blazor.navigateTo('/')", b);
        await page.WaitForSelectorAsync($".session-row[data-session-id='{a}']");
        await page.EvaluateAsync("id => Blazor.navigateTo('/sessions/' + id)", a);
        await fixture.WaitOrExplainAsync(page, ".schema-editor .monaco-editor", "the Monaco schema editor");
        // Let any late interop call (layout, theme, content change) arrive.
        await page.WaitForTimeoutAsync(1500);

        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        Assert.DoesNotContain(console, m => m.Contains("Couldn't find the editor", StringComparison.Ordinal));
        Assert.Equal(1, await page.EvaluateAsync<int>("() => monaco.editor.getEditors().length"));

        using var client = fixture.Client();
        await client.DeleteAsync($"/v1/web/session/{a}");
        await client.DeleteAsync($"/v1/web/session/{b}");
        await page.Context.CloseAsync();
    }
}
