using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsDashboard.Core.Api;
using OpsDashboard.Core.Extraction;
using OpsDashboard.Web.Auth;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Engine;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Dashboard;

/// <summary>The production <see cref="IDashboardClient"/>: the registry for reads, the session service for actions.</summary>
public sealed class DashboardClient(
    IDbContextFactory<OpsDbContext> dbFactory, SessionService sessions, StepRunner steps, RetrieveService retrieves, ScreenshotStore screenshots, ApiKeyStore keys,
    IOptions<OpsOptions> options, IServiceProvider services) : IDashboardClient
{

    public async Task<IReadOnlyList<SessionRow>> LoadSessionsAsync(int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var live = await db.Sessions.AsNoTracking().Where(s => SessionRecord.LiveStatuses.Contains(s.Status)).ToListAsync(ct);
        var recent = await db.Sessions.AsNoTracking().OrderByDescending(s => s.CreatedAt).Take(limit).ToListAsync(ct);
        var rows = live.Concat(recent).DistinctBy(s => s.Id).OrderByDescending(s => s.CreatedAt).ToList();
        return await WithLastStepsAsync(db, rows, ct);
    }

    public async Task<IReadOnlyList<SessionRow>> LoadSessionsAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Sessions.AsNoTracking().Where(s => ids.Contains(s.Id)).ToListAsync(ct);
        return await WithLastStepsAsync(db, rows, ct);
    }

    /// <summary>Rows with each session's last finished step (its answer, cmd and message: what the list shows and searches).</summary>
    private static async Task<IReadOnlyList<SessionRow>> WithLastStepsAsync(OpsDbContext db, List<SessionRecord> sessions, CancellationToken ct)
    {
        var ids = sessions.Select(s => s.Id).ToList();
        var last = await db.Steps.AsNoTracking()
            .Where(s => ids.Contains(s.SessionId) && s.Status != "running" && s.Kind != "create")
            .GroupBy(s => s.SessionId)
            .Select(g => g.OrderByDescending(s => s.Seq).First())
            .ToListAsync(ct);
        var bySession = last.ToDictionary(s => s.SessionId);
        return sessions.Select(s => SessionRow.From(s).WithLastStep(bySession.GetValueOrDefault(s.Id))).ToList();
    }

    public async Task<SessionRow?> GetSessionAsync(string sessionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        return record is null ? null : (await WithLastStepsAsync(db, [record], ct))[0];
    }

    public async Task<IReadOnlyList<StepView>> GetStepsAsync(string sessionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var steps = await db.Steps.AsNoTracking().Where(s => s.SessionId == sessionId).OrderBy(s => s.Seq).ToListAsync(ct);
        return steps.Select(StepView.From).ToList();
    }

    public async Task<IReadOnlyList<RetrievalView>> GetRetrievalsAsync(string sessionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Retrievals.AsNoTracking().Where(r => r.SessionId == sessionId).OrderByDescending(r => r.Id)
            .Select(r => new RetrievalView(r.Id, r.StartedAt, r.RowCount, r.Url, r.DurationMs)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<string>> GetTenantsAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Tenants.AsNoTracking().OrderBy(t => t.Id).Select(t => t.Id).ToListAsync(ct);
    }

    public Task<StepOutcome> CreateSessionAsync(NewSessionModel model, CancellationToken ct) =>
        sessions.CreateAsync(model.TenantId, model.Url, model.Width, model.Height, includeScreenshot: true,
            new SessionLabels(string.IsNullOrWhiteSpace(model.Holder) ? null : model.Holder.Trim(), new Dictionary<string, string> { ["opened_by"] = "dashboard" }),
            ct, string.IsNullOrWhiteSpace(model.Profile) ? null : new ProfileRequest(model.Profile.Trim(), model.Persist));

    /// <summary>
    /// A step from the console, read through the API's own <see cref="StepRequest.Parse"/>: the same
    /// checks (a cmd of at most <see cref="RequestLimits.MaxCmdLength"/> characters) whichever door it comes in by,
    /// and a refused cmd records nothing.
    /// </summary>
    public async Task<StepOutcome> StepAsync(string tenantId, string sessionId, string cmd, Action<string, string>? progress, CancellationToken ct)
    {
        var request = StepRequest.Parse(JsonSerializer.SerializeToElement(new { cmd, include_screenshot = true }));
        // The console shows a step's progress live: an upstream session's step is streamed, so its events arrive as they come.
        using var streamed = OpsDashboard.Core.Engine.EngineCall.Stream(true);
        // With several nodes, a session held by another node takes the step there (its events come back by the backplane).
        if (services.GetService<OpsDashboard.Web.ScaleOut.NodeForwarding>() is { } forwarding
            && await forwarding.HolderElsewhereAsync(tenantId, sessionId, ct) is { } holder)
        {
            return await forwarding.StepAsync(holder, tenantId, sessionId, cmd, ct);
        }
        return await steps.StepAsync(tenantId, sessionId, request, progress, ct);
    }

    public async Task<RetrieveResult> RetrieveAsync(string tenantId, string sessionId, RetrieveModel model, CancellationToken ct)
    {
        if (model.Cmd is { Length: > RequestLimits.MaxCmdLength } long_)
        {
            throw new RequestValidationException([new ValidationError(["body", "cmd"],
                $"String should have at most {RequestLimits.MaxCmdLength} characters, got {long_.Length}.", "string_too_long")]);
        }
        if (model.SchemaJson.Length > DashboardLimits.MaxSchemaLength)
        {
            throw ApiProblem.BadRequest($"The schema is {model.SchemaJson.Length:N0} characters; the dashboard accepts at most {DashboardLimits.MaxSchemaLength:N0}. Send larger schemas through POST /v1/web/retrieve.");
        }
        var check = SchemaTools.Validate(model.SchemaJson);
        if (!check.IsValid)
        {
            throw ApiProblem.BadRequest("The schema is not valid: " + string.Join(" ", check.Errors));
        }
        using var schema = JsonDocument.Parse(model.SchemaJson);
        var request = new RetrieveRequest(
            string.IsNullOrWhiteSpace(model.Cmd) ? "Retrieve the items described by the schema" : model.Cmd,
            null, sessionId, check.Fields, "json", model.MaxItems, FullPage: true, model.RenderJs, model.ScrollToBottom,
            IncludeScreenshot: false, schema.RootElement.Clone()) { MaxPages = Math.Clamp(model.MaxPages, 1, RetrieveRequest.MaxMaxPages) };
        var outcome = await retrieves.RetrieveAsync(tenantId, request, "http://localhost/", ct);
        // The grid shows each cell as the CSV would write it.
        var rows = outcome.Data.Select(o => o.ToDictionary(p => p.Key, p => (object?)CsvExport.CellText(p.Value))).ToList();
        var columns = SchemaTools.Columns(model.SchemaJson, rows);
        var raw = JsonSerializer.Serialize(outcome.Data, new JsonSerializerOptions { WriteIndented = true });
        return new RetrieveResult(outcome.RetrievalId, outcome.Status, outcome.Message, outcome.Url, columns, rows, raw);
    }

    public Task<SchemaProposal> DetectSchemaAsync(string tenantId, string sessionId, bool renderJs, CancellationToken ct) =>
        retrieves.DetectSchemaAsync(tenantId, sessionId, renderJs, ct);

    public Task RenewAsync(string tenantId, string sessionId, CancellationToken ct) => sessions.RenewAsync(tenantId, sessionId, ct);

    public Task CloseAsync(string tenantId, string sessionId, CancellationToken ct) =>
        sessions.CloseAsync(tenantId, sessionId, "closed by an operator from the dashboard", ct);

    public Task<string> ScreenshotNowAsync(string tenantId, string sessionId, CancellationToken ct) => sessions.ScreenshotNowAsync(tenantId, sessionId, ct);

    public Task<string?> LatestScreenshotAsync(string tenantId, string sessionId, CancellationToken ct) => sessions.LatestScreenshotAsync(tenantId, sessionId, ct);

    public string ScreenshotUrl(string baseUri, string screenshotId) => screenshots.SignedUrl(baseUri, screenshotId);

    public async Task<IReadOnlyList<ApiKeyView>> ListKeysAsync(CancellationToken ct)
    {
        var list = await keys.ListAsync(ct);
        return list.Select(k => new ApiKeyView(k.Id, k.TenantId, k.Prefix, k.Label, k.CreatedAt, k.RevokedAt)).ToList();
    }

    public Task<string> CreateKeyAsync(string tenantId, string? label, CancellationToken ct) => keys.CreateAsync(tenantId, label, ct);

    public Task<bool> RevokeKeyAsync(int keyId, CancellationToken ct) => keys.RevokeAsync(keyId, ct);

    public Task<IReadOnlyList<Profiles.ProfileView>> ListProfilesAsync(CancellationToken ct) =>
        services.GetRequiredService<Profiles.ProfileStore>().ListAsync(null, ct);

    public Task DeleteProfileAsync(string tenantId, string profileId, CancellationToken ct) =>
        services.GetRequiredService<Profiles.ProfileStore>().DeleteAsync(tenantId, profileId, ct);

    public Task<Profiles.ProfileView> SaveToProfileAsync(string tenantId, string sessionId, string profileName, CancellationToken ct) =>
        sessions.SaveToProfileAsync(tenantId, sessionId, profileName, ct);

    public async Task<SessionProfileView?> GetSessionProfileAsync(string sessionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SessionStates.AsNoTracking().Where(s => s.SessionId == sessionId && s.ProfileName != null)
            .Select(s => new SessionProfileView(s.ProfileId, s.ProfileName!, s.Persist)).FirstOrDefaultAsync(ct);
    }

    public IReadOnlyList<Upstream.UpstreamStatus> GetUpstreams() => services.GetService<Upstream.UpstreamHealth>()?.All() ?? [];

    public async Task<IReadOnlyList<UpstreamAttemptRecord>> GetUpstreamAttemptsAsync(string sessionId, CancellationToken ct) =>
        services.GetService<Upstream.UpstreamAttemptLog>() is { } log ? await log.ForSessionAsync(sessionId, ct) : [];

    public EngineHealth GetEngineHealth()
    {
        var engine = services.GetService<LocalBrowserEngine>();
        var pid = engine?.BrowserProcessId;
        using var self = Process.GetCurrentProcess();
        return new EngineHealth(
            engine is not null && engine.UnavailableReason is null, engine?.UnavailableReason, pid,
            engine?.ActiveContexts ?? 0, engine?.WarmContexts ?? 0, engine?.Relaunches ?? 0,
            sessions.LiveCount, options.Value.NodeCapacity, self.WorkingSet64, GC.GetTotalMemory(false),
            pid is { } p ? ProcessTree.Measure(p) : null, Configuration.MachineMemory.AvailableBytes(), options.Value.NodeCapacitySource);
    }
}
