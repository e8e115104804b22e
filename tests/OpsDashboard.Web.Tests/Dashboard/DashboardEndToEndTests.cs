using Microsoft.Playwright;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests.Dashboard;

/// <summary>The dashboard in real Chromium against the real app: sign-in, the live grid, the console, retrieve and CSV, close.</summary>
public class DashboardEndToEndTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    private async Task<string> CreateSessionAsync(string url, string holder)
    {
        using var client = fixture.Client();
        return await client.OpenSessionAsync(url, new { holder });
    }

    [Fact]
    public async Task SignIn_WithTheLoginLink_AndSignOut()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync(fixture.BaseUrl);
        Assert.Contains("/login?ReturnUrl=", page.Url);

        await page.GotoAsync($"{fixture.BaseUrl}login?t=not-the-token");
        Assert.Contains("not valid", await page.InnerTextAsync("[data-testid=login-message]"));

        await page.GotoAsync($"{fixture.BaseUrl}login?t={DashboardFixture.LoginToken}&ReturnUrl=%2Fevents");
        await page.WaitForSelectorAsync("[data-testid=events-grid]");
        Assert.EndsWith("/events", page.Url);
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "opsdash.auth");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);

        await page.ClickAsync("[data-testid=sign-out]");
        await page.ClickAsync("[data-testid=confirm-sign-out]");
        await page.WaitForSelectorAsync("[data-testid=login-message]");
        Assert.Contains("signed out", await page.InnerTextAsync("[data-testid=login-message]"));
        await page.GotoAsync(fixture.BaseUrl);
        Assert.Contains("/login", page.Url);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The row arrives over the live feed (the page is never reloaded). How fast is measured by
    /// bench/DashboardBench (event-to-screen p50 ~70 ms, p95 ~120 ms), not timed here.
    /// </summary>
    [Fact]
    public async Task SessionCreatedThroughTheApi_AppearsInTheGridLive_AndEndsLive_WithoutAReload()
    {
        var page = await fixture.SignedInPageAsync();
        await page.EvaluateAsync("() => window.__sameDocument = true");

        var id = await CreateSessionAsync(fixture.Site.Url("/"), "grid-e2e");
        await page.WaitForSelectorAsync($".session-row[data-session-id='{id}'][data-status='idle']");

        using var client = fixture.Client();
        await client.DeleteAsync($"/v1/web/session/{id}");
        await page.WaitForSelectorAsync($".session-row[data-session-id='{id}'][data-status='closed']");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ConsoleCmd_StepAndScreenshotArrive_ThenCloseEndsTheSession()
    {
        var id = await CreateSessionAsync(fixture.Site.Url("/"), "console-e2e");
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}sessions/{id}");
        await page.WaitForSelectorAsync("#console-input:not([disabled])");

        await page.FillAsync("#console-input", "click \"Next page\"");
        await page.PressAsync("#console-input", "Control+Enter");

        var step = await page.WaitForSelectorAsync(".step-item[data-seq='1'][data-status='DONE']");
        Assert.Contains("click \"Next page\"", await step!.InnerTextAsync());
        var thumb = await page.WaitForSelectorAsync(".step-item[data-seq='1'] [data-testid=step-thumb]");
        await page.WaitForFunctionAsync("el => el.complete && el.naturalWidth > 0", thumb);
        Assert.Contains("Done:", await page.InnerTextAsync("[data-testid=console-answer]"));
        Assert.Equal("1", await page.InnerTextAsync("[data-testid=step-count]"));

        await page.ClickAsync("[data-testid=close-session]");
        await page.ClickAsync("[data-testid=confirm-ok]");
        await page.WaitForSelectorAsync("[data-testid=session-ended]");
        Assert.True(await page.IsDisabledAsync("#console-input"));

        using var client = fixture.Client();
        var (_, detail) = await client.GetJsonAsync($"/api/sessions/{id}");
        Assert.Equal("closed", detail.Str("status"));
        var (_, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
        Assert.Contains(steps.EnumerateArray(), s => s.GetProperty("cmd").GetString() == "click \"Next page\"");

        await page.GotoAsync(fixture.BaseUrl);
        await page.WaitForSelectorAsync($".session-row[data-session-id='{id}'][data-status='closed']");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SchemaEditor_IsLoadedOnlyBySessionDetail_AndFollowsTheLightDarkSwitch()
    {
        var id = await CreateSessionAsync(fixture.Site.Url("/"), "monaco-e2e");
        var page = await fixture.SignedInPageAsync();
        var monacoRequests = new List<string>();
        page.Request += (_, r) =>
        {
            if (r.Url.Contains("monaco-editor", StringComparison.Ordinal))
            {
                monacoRequests.Add(r.Url);
            }
        };

        await page.GotoAsync(fixture.BaseUrl);
        await page.WaitForSelectorAsync($".session-row[data-session-id='{id}']");
        Assert.Empty(monacoRequests);
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.monaco === 'undefined'"));

        await page.GotoAsync($"{fixture.BaseUrl}sessions/{id}");
        await fixture.WaitOrExplainAsync(page, ".schema-editor .monaco-editor.vs-dark", "the Monaco schema editor, dark");
        Assert.NotEmpty(monacoRequests);

        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForSelectorAsync(".schema-editor .monaco-editor.vs:not(.vs-dark)");
        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForSelectorAsync(".schema-editor .monaco-editor.vs-dark");

        using var client = fixture.Client();
        await client.DeleteAsync($"/v1/web/session/{id}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Retrieve_OnThePracticeCatalog_WithASchema_AndDownloadTheCsv()
    {
        var id = await CreateSessionAsync($"{fixture.BaseUrl}practice/catalog/category.html?c=men-jeans", "retrieve-e2e");
        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync($"{fixture.BaseUrl}sessions/{id}");

        // The schema editor is Monaco, validating as the model changes.
        await fixture.WaitOrExplainAsync(page, ".schema-editor .monaco-editor", "the Monaco schema editor");
        await page.WaitForFunctionAsync("() => window.monaco && monaco.editor.getModels().length > 0");
        await page.EvaluateAsync("() => monaco.editor.getModels()[0].setValue('{ \"type\": \"array\", ')");
        await page.WaitForSelectorAsync("[data-testid=schema-error]");
        Assert.True(await page.IsDisabledAsync("[data-testid=retrieve-run]"));
        const string schema = """{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"price":{"type":"number"},"url":{"type":"string","format":"uri"}},"required":["name"]}}""";
        await page.EvaluateAsync("s => monaco.editor.getModels()[0].setValue(s)", schema);
        await page.WaitForSelectorAsync("[data-testid=schema-valid]");

        await page.GetByLabel("render_js").CheckAsync();
        await page.ClickAsync("[data-testid=retrieve-run]");
        await page.WaitForSelectorAsync("[data-testid=retrieve-message]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        var gridRows = await page.Locator("[data-testid=retrieve-grid] tbody tr").CountAsync();
        Assert.True(gridRows > 0, await page.InnerTextAsync("[data-testid=retrieve-message]"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=retrieve-csv]"));
        var path = await download.PathAsync();
        var lines = (await File.ReadAllTextAsync(path!)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("name,price,url", lines[0]);
        Assert.Equal(Math.Min(gridRows, 500), lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.False(l.StartsWith(',')));
        Assert.EndsWith(".csv", download.SuggestedFilename);

        using var client = fixture.Client();
        var (_, retrievals) = await client.GetJsonAsync($"/api/sessions/{id}/retrievals");
        Assert.Equal(lines.Length - 1, retrievals.EnumerateArray().Last().GetProperty("row_count").GetInt32());
        await client.DeleteAsync($"/v1/web/session/{id}");
        await page.Context.CloseAsync();
    }
}
