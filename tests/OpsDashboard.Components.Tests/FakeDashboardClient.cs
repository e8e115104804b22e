using System.Collections.Concurrent;
using OpsDashboard.Core.Api;
using OpsDashboard.Core.Extraction;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Components.Tests;

/// <summary>An in-memory <see cref="IDashboardClient"/> whose answers tests choose and whose calls they read.</summary>
public sealed class FakeDashboardClient : IDashboardClient
{
    public ConcurrentDictionary<string, SessionRecord> Sessions { get; } = new();
    public ConcurrentDictionary<string, List<StepRecord>> Steps { get; } = new();
    public List<RetrievalView> Retrievals { get; } = [];
    public List<ApiKeyView> Keys { get; } = [];
    public List<string> Tenants { get; } = ["default"];
    public ConcurrentQueue<(string Tenant, string Session, string Cmd)> StepCalls { get; } = new();
    public ConcurrentQueue<NewSessionModel> CreateCalls { get; } = new();
    public ConcurrentQueue<RetrieveModel> RetrieveCalls { get; } = new();
    public ConcurrentQueue<string> Closed { get; } = new();
    public ConcurrentQueue<string> Renewed { get; } = new();

    /// <summary>How a step answers; default: DONE at once.</summary>
    public Func<string, Task<StepOutcome>> OnStep { get; set; } =
        cmd => Task.FromResult(new StepOutcome("sess", StepStatus.Done, "Did it.", "http://x/", null, 1, TimeSpan.FromMilliseconds(5)));

    public Func<RetrieveModel, RetrieveResult> OnRetrieve { get; set; } = _ => throw new InvalidOperationException("no retrieve configured");

    public EngineHealth Health { get; set; } = new(true, null, 4242, 3, 2, 0, 3, 32, 300L << 20, 40L << 20,
        new ProcessMemory(Processes: 9, Renderers: 5, ResidentBytes: 900L << 20, ProportionalBytes: 520L << 20, RendererProportionalBytes: 250L << 20), AvailableMemoryBytes: 10L << 30);

    public SessionRecord AddSession(string id, string status = "idle", string tenant = "default", DateTimeOffset? created = null, string? holder = null,
        int steps = 0, string? url = "http://shop.test/", TimeSpan? leaseLeft = null)
    {
        var at = created ?? DashboardTestContext.Start.AddMinutes(-1);
        var record = new SessionRecord
        {
            Id = id,
            TenantId = tenant,
            Status = status,
            Holder = holder,
            CreatedAt = at,
            LastUsedAt = at,
            LeaseExpiresAt = DashboardTestContext.Start + (leaseLeft ?? TimeSpan.FromMinutes(9)),
            MaxExpiresAt = at.AddHours(2),
            CurrentUrl = url,
            StepCount = steps,
            Width = 1280,
            Height = 800,
        };
        Sessions[id] = record;
        return record;
    }

    public void AddStep(string sessionId, int seq, string cmd, string status, string? message = null, string? screenshot = null, string? error = null)
    {
        Steps.GetOrAdd(sessionId, _ => []).Add(new StepRecord
        {
            SessionId = sessionId,
            TenantId = "default",
            Seq = seq,
            Kind = seq == 0 ? "create" : "step",
            Cmd = cmd,
            Status = status,
            Message = message,
            StartedAt = DashboardTestContext.Start.AddSeconds(-30 + seq),
            DurationMs = status == "running" ? null : 120,
            ScreenshotId = screenshot,
            Error = error,
            UrlBefore = "http://shop.test/",
            UrlAfter = "http://shop.test/",
        });
    }

    public Task<IReadOnlyList<SessionRow>> LoadSessionsAsync(int limit, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SessionRow>>(Sessions.Values.OrderByDescending(s => s.CreatedAt).Take(limit).Select(Row).ToList());

    public Task<IReadOnlyList<SessionRow>> LoadSessionsAsync(IReadOnlyCollection<string> ids, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SessionRow>>(Sessions.Values.Where(s => ids.Contains(s.Id)).Select(Row).ToList());

    /// <summary>A row with its last finished step, as the real client loads it.</summary>
    private SessionRow Row(SessionRecord s) => SessionRow.From(s).WithLastStep(
        Steps.TryGetValue(s.Id, out var list) ? list.Where(x => x.Status != "running" && x.Kind != "create").MaxBy(x => x.Seq) : null);

    public Task<SessionRow?> GetSessionAsync(string sessionId, CancellationToken ct) =>
        Task.FromResult(Sessions.TryGetValue(sessionId, out var s) ? SessionRow.From(s) : null);

    public Task<IReadOnlyList<StepView>> GetStepsAsync(string sessionId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<StepView>>(Steps.TryGetValue(sessionId, out var list) ? list.OrderBy(s => s.Seq).Select(StepView.From).ToList() : []);

    public Task<IReadOnlyList<RetrievalView>> GetRetrievalsAsync(string sessionId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<RetrievalView>>(Retrievals.ToList());

    public Task<IReadOnlyList<string>> GetTenantsAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<string>>(Tenants.ToList());

    public Task<StepOutcome> CreateSessionAsync(NewSessionModel model, CancellationToken ct)
    {
        CreateCalls.Enqueue(model);
        return Task.FromResult(new StepOutcome("sess_new", StepStatus.Done, "Opened.", model.Url, null, 0, TimeSpan.Zero));
    }

    public Task<StepOutcome> StepAsync(string tenantId, string sessionId, string cmd, Action<string, string>? progress, CancellationToken ct)
    {
        StepCalls.Enqueue((tenantId, sessionId, cmd));
        return OnStep(cmd);
    }

    public Func<bool, SchemaProposal> OnDetect { get; set; } = _ => throw new InvalidOperationException("no detect configured");

    public ConcurrentQueue<bool> DetectCalls { get; } = new();

    public Task<SchemaProposal> DetectSchemaAsync(string tenantId, string sessionId, bool renderJs, CancellationToken ct)
    {
        DetectCalls.Enqueue(renderJs);
        return Task.FromResult(OnDetect(renderJs));
    }

    public Task<RetrieveResult> RetrieveAsync(string tenantId, string sessionId, RetrieveModel model, CancellationToken ct)
    {
        RetrieveCalls.Enqueue(model);
        return Task.FromResult(OnRetrieve(model));
    }

    public Task RenewAsync(string tenantId, string sessionId, CancellationToken ct)
    {
        Renewed.Enqueue(sessionId);
        return Task.CompletedTask;
    }

    public Task CloseAsync(string tenantId, string sessionId, CancellationToken ct)
    {
        Closed.Enqueue(sessionId);
        return Task.CompletedTask;
    }

    public Task<string> ScreenshotNowAsync(string tenantId, string sessionId, CancellationToken ct) => Task.FromResult("shot_now");

    public Task<string?> LatestScreenshotAsync(string tenantId, string sessionId, CancellationToken ct) => Task.FromResult<string?>(null);

    public string ScreenshotUrl(string baseUri, string screenshotId) => $"{baseUri}v1/web/screenshots/{screenshotId}.png?sig=test";

    public Task<IReadOnlyList<ApiKeyView>> ListKeysAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<ApiKeyView>>(Keys.ToList());

    public Task<string> CreateKeyAsync(string tenantId, string? label, CancellationToken ct)
    {
        var key = "ops_" + Guid.NewGuid().ToString("N");
        Keys.Insert(0, new ApiKeyView(Keys.Count + 1, tenantId, key[..8], label, DashboardTestContext.Start, null));
        if (!Tenants.Contains(tenantId))
        {
            Tenants.Add(tenantId);
        }
        return Task.FromResult(key);
    }

    public Task<bool> RevokeKeyAsync(int keyId, CancellationToken ct)
    {
        var i = Keys.FindIndex(k => k.Id == keyId);
        if (i < 0)
        {
            return Task.FromResult(false);
        }
        Keys[i] = Keys[i] with { RevokedAt = DashboardTestContext.Start };
        return Task.FromResult(true);
    }

    public EngineHealth GetEngineHealth() => Health;

    public List<OpsDashboard.Web.Upstream.UpstreamStatus> Upstreams { get; } = [];

    public IReadOnlyList<OpsDashboard.Web.Upstream.UpstreamStatus> GetUpstreams() => Upstreams.ToList();

    public List<UpstreamAttemptRecord> Attempts { get; } = [];

    public Task<IReadOnlyList<UpstreamAttemptRecord>> GetUpstreamAttemptsAsync(string sessionId, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<UpstreamAttemptRecord>>(Attempts.Where(a => a.SessionId == sessionId).ToList());

    public List<OpsDashboard.Web.Profiles.ProfileView> Profiles { get; } = [];
    public Dictionary<string, SessionProfileView> SessionProfiles { get; } = [];
    public ConcurrentQueue<(string Tenant, string Session, string Name)> ProfileSaves { get; } = new();

    public OpsDashboard.Web.Profiles.ProfileView AddProfile(string name, string tenant = "default", string? holder = null, long size = 2048,
        params string[] origins)
    {
        var view = new OpsDashboard.Web.Profiles.ProfileView("prof_" + name, tenant, name, size, origins, [],
            [new OpsDashboard.Web.Profiles.CookieSummary("sid", "shop.test", "/", null, true, true, false)],
            DashboardTestContext.Start.AddDays(-2), DashboardTestContext.Start.AddHours(-1), DashboardTestContext.Start.AddHours(-1), "sess_from", holder,
            holder is null ? DashboardTestContext.Start.AddDays(30) : null);
        Profiles.Add(view);
        return view;
    }

    public Task<IReadOnlyList<OpsDashboard.Web.Profiles.ProfileView>> ListProfilesAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<OpsDashboard.Web.Profiles.ProfileView>>(Profiles.ToList());

    public Task DeleteProfileAsync(string tenantId, string profileId, CancellationToken ct)
    {
        Profiles.RemoveAll(p => p.Id == profileId && p.TenantId == tenantId);
        return Task.CompletedTask;
    }

    public Task<OpsDashboard.Web.Profiles.ProfileView> SaveToProfileAsync(string tenantId, string sessionId, string profileName, CancellationToken ct)
    {
        ProfileSaves.Enqueue((tenantId, sessionId, profileName));
        return Task.FromResult(AddProfile(profileName, tenantId));
    }

    public Task<SessionProfileView?> GetSessionProfileAsync(string sessionId, CancellationToken ct) =>
        Task.FromResult(SessionProfiles.TryGetValue(sessionId, out var p) ? p : null);
}
