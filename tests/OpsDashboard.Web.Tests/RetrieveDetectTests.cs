using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Web.Sessions;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>
/// The retrieve panel's "Detect" (<see cref="RetrieveService.DetectSchemaAsync"/>) on a real session:
/// a schema from the page's structure, and each way it refuses or finds nothing — an unknown or
/// ended session (404), a session whose step runs or whose control an operator holds (409) — each
/// answer saying what was wrong and what to do.
/// </summary>
public sealed class RetrieveDetectTests(GatewayFixture fx) : IClassFixture<GatewayFixture>
{
    private const string Tenant = "default";
    private readonly HttpClient _client = fx.Client();

    private RetrieveService Sessions => fx.Factory.Services.GetRequiredService<RetrieveService>();

    [Fact]
    public async Task Detect_OnACardList_ProposesItsFields()
    {
        var id = await _client.OpenSessionAsync(fx.Site.Url("/products"));

        var p = await Sessions.DetectSchemaAsync(Tenant, id, renderJs: false, CancellationToken.None);

        Assert.NotNull(p.SchemaJson);
        Assert.Equal(4, p.Records); // the footer's links are not the structure
        Assert.Equal(["title", "url", "price"], p.Fields.Select(f => f.Name));
        Assert.Equal("Blue Kettle", p.Fields[0].Sample);
    }

    [Fact]
    public async Task Detect_OnAPageWithNoRepeatedItems_ProposesNothing_AndSaysWhatToTry()
    {
        var id = await _client.OpenSessionAsync(fx.Site.Url("/about"));

        var p = await Sessions.DetectSchemaAsync(Tenant, id, renderJs: false, CancellationToken.None);

        Assert.Null(p.SchemaJson);
        Assert.Empty(p.Fields);
        Assert.Contains("Found no repeated items", p.Message);
        Assert.Contains("turn on render_js and detect again", p.Message);
    }

    [Fact]
    public async Task Detect_WithRenderJs_SeesTheListAScriptBuilt()
    {
        var id = await _client.OpenSessionAsync(fx.Site.Url("/js-items"));

        var p = await Sessions.DetectSchemaAsync(Tenant, id, renderJs: true, CancellationToken.None);

        Assert.Equal(5, p.Records);
        Assert.Contains("title", p.Fields.Select(f => f.Name));
        Assert.Equal("Ada Lovelace", p.Fields.Single(f => f.Name == "title").Sample);
    }

    /// <summary>
    /// A session whose first page never loaded (nothing listens at its address) opens NOT SURE, never DONE, and has no
    /// page to read: Detect and retrieve answer 503 saying so (not "no repeated items"), and the session stays usable.
    /// </summary>
    [Fact]
    public async Task Detect_OnASessionWhosePageDidNotLoad_Is503_SayingToLoadItAgain()
    {
        var nowhere = $"http://127.0.0.1:{GatewayFactory.FreePort()}/";
        var (created, body) = await _client.PostJsonAsync("/v1/web/session", new { url = nowhere });
        // Not a DONE: the site was never reached (the egress proxy answered its own error page).
        Assert.Equal(200, created);
        Assert.Equal("NOT SURE", body.Str("status"));
        Assert.Contains("could not be reached", body.Str("message"));
        var id = body.Str("session_id");

        var p = await Assert.ThrowsAsync<ApiProblem>(() => Sessions.DetectSchemaAsync(Tenant, id, renderJs: false, CancellationToken.None));

        Assert.Equal(503, p.StatusCode);
        Assert.Contains($"The page of session {id} could not be read", p.Message);
        Assert.Contains("did not load", p.Message);
        Assert.Contains("Load it again", p.Message);
        var (retrieved, answer) = await _client.PostJsonAsync("/v1/web/retrieve", new { session_id = id, cmd = "list the items", fields = new[] { "title" } });
        Assert.Equal(503, retrieved);
        Assert.Contains("did not load", answer.Str("message"));
        // Nothing was held: the session takes the step that loads a real page, and Detect then reads it.
        var (status, _) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "go to " + fx.Site.Url("/products") });
        Assert.Equal(200, status);
        var proposal = await Sessions.DetectSchemaAsync(Tenant, id, renderJs: false, CancellationToken.None);
        Assert.Equal(4, proposal.Records);
    }

    [Fact]
    public async Task Detect_OnAnUnknownSession_Is404_SayingHowToGetOne()
    {
        var p = await Assert.ThrowsAsync<ApiProblem>(() => Sessions.DetectSchemaAsync(Tenant, "sess_00000000000000000000000000000000", false, CancellationToken.None));

        Assert.Equal(404, p.StatusCode);
        Assert.Contains("No session 'sess_00000000000000000000000000000000' exists", p.Message);
        Assert.Contains("Create one with POST /v1/web/session", p.Message);
    }

    [Fact]
    public async Task Detect_OnAnotherTenantsSession_Is404_LikeAnUnknownOne()
    {
        var id = await _client.OpenSessionAsync(fx.Site.Url("/products"));

        var p = await Assert.ThrowsAsync<ApiProblem>(() => Sessions.DetectSchemaAsync("other-tenant", id, false, CancellationToken.None));

        Assert.Equal(404, p.StatusCode);
        Assert.Contains($"No session '{id}' exists for this API key", p.Message);
    }

    [Fact]
    public async Task Detect_OnAnEndedSession_Is404_SayingItEndedAndToStartANewOne()
    {
        var id = await _client.OpenSessionAsync(fx.Site.Url("/products"));
        var (closed, _) = await _client.DeleteJsonAsync($"/v1/web/session/{id}");
        Assert.Equal(200, closed);

        var p = await Assert.ThrowsAsync<ApiProblem>(() => Sessions.DetectSchemaAsync(Tenant, id, false, CancellationToken.None));

        Assert.Equal(404, p.StatusCode);
        Assert.Contains($"Session {id} is", p.Message);
        Assert.Contains("Start a new session with POST /v1/web/session", p.Message);
    }

    [Fact]
    public async Task Detect_WhileTheSessionsTurnIsTaken_Is409_SayingToTryAgainWhenTheStepHasAnswered()
    {
        var id = await _client.OpenSessionAsync(fx.Site.Url("/products"));
        Assert.True(fx.Factory.Services.GetRequiredService<LiveSessions>().TryGet(id, out var live));
        // Hold the session's turn as a running step does (deterministic: no race with a slow page).
        using (var turn = LiveSessions.TryAcquire(live))
        {
            Assert.NotNull(turn);

            var p = await Assert.ThrowsAsync<ApiProblem>(() => Sessions.DetectSchemaAsync(Tenant, id, false, CancellationToken.None));

            Assert.Equal(409, p.StatusCode);
            Assert.Contains($"Session {id} is running a step", p.Message);
            Assert.Contains("try again then", p.Message);
        }

        // Once the turn is free again, detect runs.
        var after = await Sessions.DetectSchemaAsync(Tenant, id, false, CancellationToken.None);
        Assert.Equal(4, after.Records);
    }

    [Fact]
    public async Task Detect_WhileAnOperatorHoldsControl_Is409_NamingThemAndWhenItIsReleased()
    {
        var id = await _client.OpenSessionAsync(fx.Site.Url("/products"));
        Assert.True(fx.Factory.Services.GetRequiredService<LiveSessions>().TryGet(id, out var live));
        live.Control = new ControlHolder("circuit-1", "Dana (ops)", new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero));
        try
        {
            var p = await Assert.ThrowsAsync<ApiProblem>(() => Sessions.DetectSchemaAsync(Tenant, id, false, CancellationToken.None));

            Assert.Equal(409, p.StatusCode);
            Assert.Contains($"Session {id} is under manual control by Dana (ops) since 09:30:00 UTC", p.Message);
            Assert.Contains("Detect once they release it", p.Message);
        }
        finally
        {
            live.Control = null;
        }
    }
}
