using OpsDashboard.Core.Extraction;

namespace OpsDashboard.Web.Sessions;

// "Detect" in the dashboard's retrieve panel: read the session's page once and propose a schema
// from its best structure (SchemaDetector). Like retrieve it waits for no step: a busy session is 409.
public sealed partial class SessionService
{
    public async Task<SchemaProposal> DetectSchemaAsync(string tenantId, string sessionId, bool renderJs, CancellationToken ct)
    {
        var found = await GetLiveAsync(tenantId, sessionId, ct);
        if (Router?.UpstreamOf(found.Id) is not null)
        {
            throw ApiProblem.BadRequest($"Detect reads the page in this gateway's browser; session {found.Id} runs on an upstream service. Write the schema by hand or start from a template.");
        }
        // The one "acquire or 409" (LiveSessions): refused while an operator holds control or a step runs.
        using var turn = _live.Acquire(found, "Detect",
            $"Session {sessionId} is running a step. Detect reads the page once the step has answered: try again then.");
        var live = turn.Live;
        EnsureStillLive(live);
        Core.Engine.PageSnapshot page;
        try
        {
            page = await _engine.CaptureAsync(live.Id, renderJs, false, true, ct);
        }
        catch (Core.Engine.EngineStepException ex)
        {
            throw ApiProblem.Unavailable($"The page of session {live.Id} could not be read: {ex.Message}. Load it again (a step such as \"go to <the page's address>\") and detect again.");
        }
        return await Task.Run(() => SchemaDetector.Propose(page.Html, new Uri(page.Url)), ct);
    }
}
